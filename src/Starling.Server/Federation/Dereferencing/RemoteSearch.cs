using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Dereferencing;

/// <summary>What a search with <c>resolve=true</c> found on other servers.</summary>
public sealed record RemoteLookup(Account? Account, long? StatusId)
{
    public static RemoteLookup Nothing { get; } = new(null, null);
}

/// <summary>
/// Search's remote half (<c>resolve=true</c>): a handle (<c>@user@domain</c>) is looked up by WebFinger, a URL is
/// fetched and becomes an account (an actor) or a status (through <see cref="IRemoteStatusResolver"/>, when one is
/// registered). What is already stored is found without fetching.
/// </summary>
public sealed class RemoteSearch(AppDbContext db, IRemoteAccountResolver accounts, RemoteObjectFetcher fetcher, LocalUrls urls, IServiceProvider services)
{
    /// <summary>Whether the query is an http(s) URL, which a search with resolve answers by fetching alone.</summary>
    public static bool IsUrl(string query, out Uri url) =>
        Uri.TryCreate(query.Trim(), UriKind.Absolute, out url!) && url.Scheme is "https" or "http";

    /// <summary>A handle's parts, when the query is one: <c>user@domain</c> or <c>@user@domain</c>.</summary>
    public static bool IsHandle(string query, out string username, out string domain)
    {
        var text = query.Trim().TrimStart('@');
        var at = text.IndexOf('@');
        username = at > 0 ? text[..at] : "";
        domain = at > 0 ? text[(at + 1)..] : "";
        return at > 0 && domain.Length > 0 && !text.Any(char.IsWhiteSpace) && !domain.Contains('@') && !domain.Contains('/');
    }

    public async Task<RemoteLookup> ResolveAsync(string query, CancellationToken cancellationToken)
    {
        if (IsUrl(query, out var url))
        {
            return await ResolveUrlAsync(url.AbsoluteUri, cancellationToken);
        }
        if (IsHandle(query, out var username, out var domain))
        {
            return new RemoteLookup(await accounts.ResolveHandleAsync(username, domain, cancellationToken), null);
        }
        return RemoteLookup.Nothing;
    }

    private async Task<RemoteLookup> ResolveUrlAsync(string url, CancellationToken cancellationToken)
    {
        var knownAccount = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Uri == url || a.Url == url, cancellationToken);
        if (knownAccount is not null)
        {
            return new RemoteLookup(knownAccount.Uri is { } uri ? await accounts.ResolveAsync(uri, cancellationToken) ?? knownAccount : knownAccount, null);
        }
        var knownStatus = await db.Statuses.AsNoTracking().Where(s => s.Uri == url || s.Url == url).Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (knownStatus is not null)
        {
            return new RemoteLookup(null, knownStatus);
        }
        if (string.Equals(new Uri(url).Authority, urls.Domain, StringComparison.OrdinalIgnoreCase))
        {
            // Our own actors are found by their ids; our own posts are not fetched from ourselves.
            return new RemoteLookup(await accounts.ResolveAsync(url, cancellationToken), null);
        }
        var document = await fetcher.FetchAsync(url, cancellationToken);
        switch (document)
        {
            case Actor actor:
                try
                {
                    return new RemoteLookup(await accounts.UpsertAsync(actor, cancellationToken), null);
                }
                catch (InvalidActorException)
                {
                    return RemoteLookup.Nothing;
                }
            case null:
                return RemoteLookup.Nothing;
            default:
                // Statuses are the status resolver's to fetch, store and check; without one, posts are not looked up.
                var statuses = services.GetService<IRemoteStatusResolver>();
                return statuses is null || document.Id is null
                    ? RemoteLookup.Nothing
                    : new RemoteLookup(null, (await statuses.ResolveAsync(document.Id, cancellationToken))?.Id);
        }
    }
}
