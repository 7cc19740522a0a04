using Starling.Server.Api.WellKnown;

namespace Starling.Server.Api.ActivityPub;

/// <summary>What other servers fetch from us: discovery under <c>/.well-known</c> and the ActivityPub documents.</summary>
public static class ActivityPubEndpoints
{
    public static IEndpointRouteBuilder MapActivityPub(this IEndpointRouteBuilder app)
    {
        app.MapWellKnown();
        app.MapActivityPubDocuments();
        return app;
    }

    /// <summary>
    /// Every ActivityPub document (actors, statuses, collections) in one group, behind <see cref="ActivityPubDocumentFilter"/>
    /// and then, in authorized fetch mode, <see cref="RequireSignedFetch"/>: browsers are sent to the web pages before
    /// anyone is asked for a signature.
    /// </summary>
    public static RouteGroupBuilder MapActivityPubDocuments(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("");
        documents.AddEndpointFilter<ActivityPubDocumentFilter>();
        documents.RequireSignedFetch();
        documents.ExcludeFromDescription();
        documents.MapActorDocuments();
        documents.MapStatusDocuments();
        documents.MapCollectionDocuments();
        return documents;
    }
}
