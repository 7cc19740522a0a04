using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.ActivityPub;
using Starling.ActivityPub.NodeInfo;
using Starling.ActivityPub.WebFinger;
using Starling.Server.Api.ActivityPub;
using Starling.Server.Api.Instance;
using Starling.Server.Data;
using Starling.Server.Features.Accounts;
using Starling.Server.Infrastructure;
using Starling.Server.Options;

namespace Starling.Server.Api.WellKnown;

/// <summary>
/// Discovery: WebFinger (who <c>@alice@this.host</c> is), host-meta (where WebFinger is, for older servers) and NodeInfo
/// (what software this is and how busy). All readable from any origin.
/// </summary>
public static class WellKnownEndpoints
{
    public const string SoftwareName = "starling";

    public static IEndpointRouteBuilder MapWellKnown(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup("");
        wellKnown.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
            return await next(context);
        });
        wellKnown.ExcludeFromDescription();
        wellKnown.MapGet("/.well-known/webfinger", WebFingerAsync);
        wellKnown.MapGet("/.well-known/host-meta", HostMeta);
        wellKnown.MapGet("/.well-known/host-meta.json", (IOptions<StarlingOptions> options) => HostMetaJson(options.Value));
        wellKnown.MapGet("/.well-known/nodeinfo", (IOptions<StarlingOptions> options, LocalUrls urls) => Results.Text(NodeInfoLinks(options.Value, urls).ToJson(), "application/json; charset=utf-8"));
        wellKnown.MapGet("/nodeinfo/{version}", NodeInfoAsync);
        return app;
    }

    /// <summary>
    /// A local account by <c>acct:user@host</c> (also <c>user@host</c>), with the host this server is known by, or by
    /// its actor or profile address; the instance actor by <c>acct:host@host</c> or its address. Suspended accounts are
    /// still found, as on Mastodon: their actor tells other servers they are suspended.
    /// </summary>
    private static async Task<IResult> WebFingerAsync([FromQuery] string? resource, AppDbContext db, LocalUrls urls, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(resource))
        {
            return ActivityStreamsResults.BadRequest("The resource parameter is required");
        }
        resource = resource.Trim();
        var instanceActorAcct = $"acct:{urls.Domain}@{urls.Domain}";
        // The server's own address names its actor too (FEP-d556).
        if (resource.Equals(instanceActorAcct, StringComparison.OrdinalIgnoreCase) || resource == urls.InstanceActor
            || resource == urls.Home || resource + "/" == urls.Home)
        {
            return Jrd(new WebFingerDocument
            {
                Subject = instanceActorAcct,
                Aliases = [urls.InstanceActor],
                Links =
                [
                    new WebFingerLink { Rel = WebFingerRels.ProfilePage, Type = "text/html", Href = urls.Home },
                    new WebFingerLink { Rel = WebFingerRels.Self, Type = ActivityStreamsMediaTypes.Activity, Href = urls.InstanceActor },
                ],
            });
        }
        if (!WebFingerResource.TryParse(resource, out var parsed))
        {
            return ActivityStreamsResults.BadRequest("The resource is neither an account nor a URL");
        }
        var username = parsed.IsAccount ? LocalUsername(parsed, urls) : UsernameFromUrl(parsed.Url, urls);
        if (username is null)
        {
            return ActivityStreamsResults.NotFound();
        }
        var key = UsernameRules.Normalize(username);
        var account = await db.Accounts.AsNoTracking()
            .Where(a => a.UsernameNormalized == key && a.Domain == null && a.User!.Approved && a.User.ConfirmedAt != null)
            .FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return ActivityStreamsResults.NotFound();
        }
        var subject = WebFingerResource.ForAccount(account.Username, urls.Domain);
        return Jrd(WebFingerDocument.ForActor(subject, urls.Actor(account.Username), urls.Profile(account.Username), urls.AuthorizeInteractionTemplate));
    }

    /// <summary>The user name of an <c>acct:</c> resource on this server's host (with its port, when it has one).</summary>
    private static string? LocalUsername(WebFingerResource account, LocalUrls urls) =>
        account.Authority.Equals(urls.Domain, StringComparison.OrdinalIgnoreCase) ? account.Username : null;

    /// <summary>The user name in one of this server's actor (<c>/users/alice</c>) or profile (<c>/@alice</c>) addresses.</summary>
    private static string? UsernameFromUrl(Uri url, LocalUrls urls)
    {
        var authority = url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}:{url.Port}";
        if (!authority.Equals(urls.Domain, StringComparison.OrdinalIgnoreCase) || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            return null;
        }
        var segments = url.AbsolutePath.Trim('/').Split('/');
        return segments switch
        {
            ["users", var name] when name.Length > 0 => Uri.UnescapeDataString(name),
            [var profile] when profile.Length > 1 && profile[0] == '@' && profile.IndexOf('@', 1) < 0 => Uri.UnescapeDataString(profile[1..]),
            _ => null,
        };
    }

    private static IResult Jrd(WebFingerDocument document) => Results.Text(document.ToJson(), $"{WebFingerDocument.MediaType}; charset=utf-8");

    /// <summary>XRD, unless JSON is asked for by the <c>Accept</c> header (or at <c>host-meta.json</c>).</summary>
    private static IResult HostMeta(HttpContext http, IOptions<StarlingOptions> options)
    {
        ActivityStreamsResults.VaryByAccept(http.Response);
        var accept = http.Request.Headers.Accept.ToString();
        var wantsJson = (accept.Contains("json", StringComparison.OrdinalIgnoreCase)) && !accept.Contains(HostMetaDocument.XmlMediaType, StringComparison.OrdinalIgnoreCase);
        return wantsJson
            ? HostMetaJson(options.Value)
            : Results.Text(HostMetaDocument.ForServer(options.Value.PublicUri).ToXml(), $"{HostMetaDocument.XmlMediaType}; charset=utf-8");
    }

    private static IResult HostMetaJson(StarlingOptions options) =>
        Results.Text(HostMetaDocument.ForServer(options.PublicUri).ToJson(), $"{HostMetaDocument.JsonMediaType}; charset=utf-8");

    /// <summary>The NodeInfo documents, and the instance actor as the server's Application actor (FEP-2677).</summary>
    private static NodeInfoDiscovery NodeInfoLinks(StarlingOptions options, LocalUrls urls)
    {
        var discovery = NodeInfoDiscovery.ForServer(options.PublicUri);
        return discovery with { Links = [.. discovery.Links, new NodeInfoLink { Rel = ApplicationActorRel, Href = urls.InstanceActor }] };
    }

    /// <summary>The link relation FEP-2677 gives the server's Application actor in NodeInfo discovery.</summary>
    public const string ApplicationActorRel = "https://www.w3.org/ns/activitystreams#Application";

    /// <summary>NodeInfo 2.0 or 2.1: the same facts, 2.1 adding where the code lives.</summary>
    private static async Task<IResult> NodeInfoAsync(string version, IOptions<StarlingOptions> options, NodeInfoStatistics statistics, CancellationToken cancellationToken)
    {
        if (!NodeInfoSchemas.Versions.Contains(version))
        {
            return ActivityStreamsResults.NotFound();
        }
        var o = options.Value;
        var document = new NodeInfoDocument
        {
            Software = new NodeInfoSoftware
            {
                Name = SoftwareName,
                Version = InstanceEndpoints.SoftwareVersion(),
                Repository = string.IsNullOrEmpty(o.SourceUrl) ? null : o.SourceUrl,
                Homepage = o.PublicUri.AbsoluteUri,
            },
            Protocols = ["activitypub"],
            OpenRegistrations = o.Registrations != RegistrationMode.Closed,
            Usage = await statistics.GetAsync(cancellationToken),
            Metadata = new Dictionary<string, object?> { ["nodeName"] = o.InstanceName, ["nodeDescription"] = o.Description },
        }.WithVersion(version);
        return Results.Text(document.ToJson(), document.ContentType);
    }
}
