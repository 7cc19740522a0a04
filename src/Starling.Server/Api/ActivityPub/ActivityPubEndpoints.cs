using Starling.Server.Api.WellKnown;

namespace Starling.Server.Api.ActivityPub;

/// <summary>What other servers fetch from us: discovery under <c>/.well-known</c> and the ActivityPub documents.</summary>
public static class ActivityPubEndpoints
{
    public static IEndpointRouteBuilder MapActivityPub(this IEndpointRouteBuilder app)
    {
        app.MapWellKnown();
        return app;
    }
}
