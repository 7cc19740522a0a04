using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Outbox;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.ActivityPub;

/// <summary>
/// A local account's collections: its outbox, followers, following, pinned statuses and featured hashtags. Each answers
/// with the collection and a link to its first page; pages are asked for with <c>?page=</c>, as on Mastodon.
/// </summary>
public static class CollectionDocumentEndpoints
{
    /// <summary>Activities on one outbox page, as on Mastodon.</summary>
    public const int OutboxPageSize = 20;

    /// <summary>Accounts on one followers or following page, as on Mastodon.</summary>
    public const int AccountsPageSize = 12;

    public static RouteGroupBuilder MapCollectionDocuments(this RouteGroupBuilder documents)
    {
        documents.MapGet("/users/{username}/outbox", OutboxAsync);
        documents.MapGet("/users/{username}/followers", FollowersAsync)
            .WithMetadata(new BrowserPageMetadata((route, urls) => urls.ProfileFollowers(route.Username())));
        documents.MapGet("/users/{username}/following", FollowingAsync)
            .WithMetadata(new BrowserPageMetadata((route, urls) => urls.ProfileFollowing(route.Username())));
        documents.MapGet("/users/{username}/collections/featured", FeaturedAsync);
        documents.MapGet("/users/{username}/collections/tags", FeaturedTagsAsync);
        return documents;
    }

    /// <summary>
    /// The public and unlisted statuses, newest first, as the activities that published them (Create, or Announce for a
    /// boost). <c>totalItems</c> counts every status, as Mastodon's does. Pages go back with <c>max_id</c> and forward
    /// with <c>min_id</c>.
    /// </summary>
    private static async Task<IResult> OutboxAsync(string username, PublishedAccounts accounts, AppDbContext db, LocalUrls urls,
        StatusDocumentLoader loader, StatusActivityBuilder activities,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "max_id")] long? maxId, [FromQuery(Name = "min_id")] long? minId,
        [FromQuery(Name = "since_id")] long? sinceId, CancellationToken cancellationToken)
    {
        var (account, refusal) = await accounts.FindAsync(username, cancellationToken);
        if (account is null || account.IsSuspended)
        {
            return refusal ?? ActivityStreamsResults.Forbidden();
        }
        var name = account.Username;
        if (page is null)
        {
            return ActivityStreamsResults.Document(new OrderedCollection
            {
                Id = urls.Outbox(name),
                TotalItems = account.StatusesCount,
                First = urls.OutboxPage(name),
                Last = urls.OutboxPage(name, minId: 0),
            });
        }
        var query = db.Statuses.AsNoTracking()
            .Where(s => s.AccountId == account.Id && (s.Visibility == Visibility.Public || s.Visibility == Visibility.Unlisted));
        if (maxId is { } before)
        {
            query = query.Where(s => s.Id < before);
        }
        if (sinceId is { } since)
        {
            query = query.Where(s => s.Id > since);
        }
        List<long> ids;
        if (minId is { } after)
        {
            // The page just after min_id: the oldest ones past it, shown newest first like every page.
            ids = await query.Where(s => s.Id > after).OrderBy(s => s.Id).Select(s => s.Id).Take(OutboxPageSize).ToListAsync(cancellationToken);
            ids.Reverse();
        }
        else
        {
            ids = await query.OrderByDescending(s => s.Id).Select(s => s.Id).Take(OutboxPageSize).ToListAsync(cancellationToken);
        }
        var sources = await loader.LoadAsync(ids, cancellationToken);
        return ActivityStreamsResults.Document(new OrderedCollectionPage
        {
            Id = urls.OutboxPage(name, maxId, minId),
            PartOf = urls.Outbox(name),
            Prev = ids.Count > 0 ? ObjectReference.FromUri(urls.OutboxPage(name, minId: ids[0])) : null,
            Next = ids.Count == OutboxPageSize ? ObjectReference.FromUri(urls.OutboxPage(name, maxId: ids[^1])) : null,
            OrderedItems = sources.Select(source => ObjectReference.FromObject(activities.Build(source))).ToList(),
        });
    }

    /// <summary>Who follows the account, newest follow first, as actor ids (local and remote alike).</summary>
    private static Task<IResult> FollowersAsync(string username, PublishedAccounts accounts, AppDbContext db, LocalUrls urls,
        [FromQuery(Name = "page")] string? page, CancellationToken cancellationToken) =>
        ConnectionsAsync(username, accounts, urls, page, followers: true, cancellationToken,
            (account, skip, take) => db.Follows.Where(f => f.TargetAccountId == account.Id)
                .Join(db.Accounts, f => f.AccountId, a => a.Id, (f, a) => new { f.Id, Account = a })
                .OrderByDescending(x => x.Id).Skip(skip).Take(take).Select(x => x.Account).AsNoTracking().ToListAsync(cancellationToken));

    /// <summary>Whom the account follows, newest follow first.</summary>
    private static Task<IResult> FollowingAsync(string username, PublishedAccounts accounts, AppDbContext db, LocalUrls urls,
        [FromQuery(Name = "page")] string? page, CancellationToken cancellationToken) =>
        ConnectionsAsync(username, accounts, urls, page, followers: false, cancellationToken,
            (account, skip, take) => db.Follows.Where(f => f.AccountId == account.Id)
                .Join(db.Accounts, f => f.TargetAccountId, a => a.Id, (f, a) => new { f.Id, Account = a })
                .OrderByDescending(x => x.Id).Skip(skip).Take(take).Select(x => x.Account).AsNoTracking().ToListAsync(cancellationToken));

    /// <summary>
    /// Followers or following: the collection with its size and first page, or a numbered page of actor ids. Mastodon
    /// lists them unless the person hides them; Starling has no such setting, so they are listed.
    /// </summary>
    private static async Task<IResult> ConnectionsAsync(string username, PublishedAccounts accounts, LocalUrls urls, string? page, bool followers,
        CancellationToken cancellationToken, Func<Account, int, int, Task<List<Account>>> load)
    {
        var (account, refusal) = await accounts.FindAsync(username, cancellationToken);
        if (account is null || account.IsSuspended)
        {
            return refusal ?? ActivityStreamsResults.Forbidden();
        }
        var name = account.Username;
        var id = followers ? urls.Followers(name) : urls.Following(name);
        var total = followers ? account.FollowersCount : account.FollowingCount;
        Func<int, string> pageUrl = followers ? number => urls.FollowersPage(name, number) : number => urls.FollowingPage(name, number);
        if (page is null)
        {
            return ActivityStreamsResults.Document(new OrderedCollection { Id = id, TotalItems = total, First = pageUrl(1) });
        }
        // Like Mastodon's pages, anything that is not a page number is the first page.
        var number = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 100_000 ? parsed : 1;
        // One more than a page tells whether there is a next one.
        var found = await load(account, (number - 1) * AccountsPageSize, AccountsPageSize + 1);
        return ActivityStreamsResults.Document(new OrderedCollectionPage
        {
            Id = pageUrl(number),
            TotalItems = total,
            PartOf = id,
            Next = found.Count > AccountsPageSize ? ObjectReference.FromUri(pageUrl(number + 1)) : null,
            Prev = number > 1 ? ObjectReference.FromUri(pageUrl(number - 1)) : null,
            OrderedItems = found.Take(AccountsPageSize).Select(a => ObjectReference.FromUri(urls.ActorUri(a))).ToList(),
        });
    }

    /// <summary>
    /// The pinned statuses, most recently pinned first: public and unlisted ones as whole notes, followers-only ones by
    /// id alone (a signed fetch is needed to read them), as on Mastodon.
    /// </summary>
    private static async Task<IResult> FeaturedAsync(string username, PublishedAccounts accounts, AppDbContext db, LocalUrls urls,
        StatusDocumentLoader loader, NoteBuilder notes, CancellationToken cancellationToken)
    {
        var (account, refusal) = await accounts.FindAsync(username, cancellationToken);
        if (account is null || account.IsSuspended)
        {
            return refusal ?? ActivityStreamsResults.Forbidden();
        }
        var ids = await db.StatusPins.AsNoTracking().Where(p => p.AccountId == account.Id)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Select(p => p.StatusId).ToListAsync(cancellationToken);
        var sources = await loader.LoadAsync(ids, cancellationToken);
        var items = sources.Where(s => !s.Status.IsReblog && s.Status.Visibility != Visibility.Direct)
            .Select(s => s.Status.Visibility is Visibility.Public or Visibility.Unlisted
                ? ObjectReference.FromObject(notes.Build(s))
                : ObjectReference.FromUri(urls.StatusUri(s.Status)))
            .ToList();
        return ActivityStreamsResults.Document(new OrderedCollection { Id = urls.Featured(account.Username), TotalItems = items.Count, OrderedItems = items });
    }

    /// <summary>The hashtags featured on the profile: Starling has none yet, so an empty collection (unordered, as Mastodon's).</summary>
    private static async Task<IResult> FeaturedTagsAsync(string username, PublishedAccounts accounts, LocalUrls urls, CancellationToken cancellationToken)
    {
        var (account, refusal) = await accounts.FindAsync(username, cancellationToken);
        if (account is null || account.IsSuspended)
        {
            return refusal ?? ActivityStreamsResults.Forbidden();
        }
        return ActivityStreamsResults.Document(new Collection { Id = urls.FeaturedTags(account.Username), TotalItems = 0 });
    }
}
