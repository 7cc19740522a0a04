using Microsoft.AspNetCore.Routing.Matching;

namespace Starling.Server.Api.ActivityPub;

/// <summary>Marks an endpoint that serves the ActivityStreams document at an address whose web page is a Razor page.</summary>
public sealed class ActivityStreamsAlternateMetadata
{
    public static ActivityStreamsAlternateMetadata Instance { get; } = new();
}

/// <summary>
/// Content negotiation in routing: where a web page and an <see cref="ActivityStreamsAlternateMetadata"/> endpoint match
/// the same address (<c>/@alice</c>, <c>/@alice/123</c>), the request's <c>Accept</c> header picks one and the other
/// stops being a candidate. The policy runs only for routes that have such an alternate, so every other page is matched
/// as before; the chosen response says <c>Vary: Accept</c>, so no cache between us and the reader serves one to the other.
/// </summary>
public sealed class ActivityStreamsMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the HTTP method policy, so only endpoints that answer the method are weighed.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<ActivityStreamsAlternateMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        bool alternate = false, page = false;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i))
            {
                continue;
            }
            if (IsAlternate(candidates[i].Endpoint))
            {
                alternate = true;
            }
            else
            {
                page = true;
            }
        }
        if (!alternate || !page)
        {
            return Task.CompletedTask;
        }
        var wantsDocument = ActivityStreamsAccept.PrefersActivityStreams(httpContext.Request);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && IsAlternate(candidates[i].Endpoint) != wantsDocument)
            {
                candidates.SetValidity(i, false);
            }
        }
        ActivityStreamsResults.VaryByAccept(httpContext.Response);
        return Task.CompletedTask;
    }

    private static bool IsAlternate(Endpoint endpoint) => endpoint.Metadata.GetMetadata<ActivityStreamsAlternateMetadata>() is not null;
}
