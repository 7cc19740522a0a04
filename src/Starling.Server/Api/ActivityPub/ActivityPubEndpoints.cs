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
    /// Every ActivityPub document (actors, statuses, collections) in one group, behind <see cref="ActivityPubDocumentFilter"/>.
    /// Whatever every document fetch must pass (a signature, in authorized fetch mode) is added to this group, after that
    /// filter, so browsers are still sent to the web pages first.
    /// </summary>
    public static RouteGroupBuilder MapActivityPubDocuments(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("");
        documents.AddEndpointFilter<ActivityPubDocumentFilter>();
        documents.ExcludeFromDescription();
        documents.MapActorDocuments();
        documents.MapStatusDocuments();
        documents.MapCollectionDocuments();
        return documents;
    }
}
