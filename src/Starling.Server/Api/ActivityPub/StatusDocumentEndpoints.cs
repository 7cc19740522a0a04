using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.ActivityPub;

/// <summary>
/// Statuses as documents: the note, the activity that published it, and its replies. Only public and unlisted statuses
/// are served: followers-only and direct ones need to know who asks, which only a signed fetch can tell.
/// </summary>
public static class StatusDocumentEndpoints
{
    /// <summary>Replies listed on one page of a replies collection, as on Mastodon.</summary>
    public const int RepliesPageSize = 60;

    public static RouteGroupBuilder MapStatusDocuments(this RouteGroupBuilder documents)
    {
        documents.MapGet("/users/{username}/statuses/{id:long}", NoteAsync)
            .WithMetadata(new BrowserPageMetadata((route, urls) => urls.Status(route.Username(), route.StatusId())));
        documents.MapGet("/@{username}/{id:long}", NoteAsync)
            .WithMetadata(ActivityStreamsAlternateMetadata.Instance);
        documents.MapGet("/users/{username}/statuses/{id:long}/activity", ActivityAsync);
        documents.MapGet("/users/{username}/statuses/{id:long}/replies", RepliesAsync);
        return documents;
    }

    /// <summary>The Note (or Question). A boost has no note: its address is its Announce's.</summary>
    private static async Task<IResult> NoteAsync(string username, long id, PublishedStatuses statuses, NoteBuilder notes, CancellationToken cancellationToken)
    {
        var (source, refusal) = await statuses.FindAsync(username, id, cancellationToken);
        if (source is null || source.Status.IsReblog)
        {
            return refusal ?? ActivityStreamsResults.NotFound();
        }
        return ActivityStreamsResults.Document(notes.Build(source));
    }

    /// <summary>The Create that published the status, or the Announce that is the boost.</summary>
    private static async Task<IResult> ActivityAsync(string username, long id, PublishedStatuses statuses, StatusActivityBuilder activities, CancellationToken cancellationToken)
    {
        var (source, refusal) = await statuses.FindAsync(username, id, cancellationToken);
        return source is null ? refusal! : ActivityStreamsResults.Document(activities.Build(source));
    }

    /// <summary>
    /// The replies, as Mastodon pages them: the author's own replies first, oldest first, then (<c>only_other_accounts</c>)
    /// everyone else's. Items are the replies' ids; only public and unlisted replies are listed.
    /// </summary>
    private static async Task<IResult> RepliesAsync(string username, long id, PublishedStatuses statuses, AppDbContext db, LocalUrls urls,
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "min_id")] long? minId,
        [FromQuery(Name = "only_other_accounts")] string? onlyOtherAccounts, CancellationToken cancellationToken)
    {
        var (source, refusal) = await statuses.FindAsync(username, id, cancellationToken);
        if (source is null || source.Status.IsReblog)
        {
            return refusal ?? ActivityStreamsResults.NotFound();
        }
        var status = source.Status;
        var authorId = status.AccountId;
        var author = status.Account.Username;
        var othersOnly = IsTrue(onlyOtherAccounts);
        var query = db.Statuses.AsNoTracking().Include(s => s.Account)
            .Where(s => s.InReplyToId == status.Id && (s.Visibility == Visibility.Public || s.Visibility == Visibility.Unlisted));
        query = othersOnly
            ? query.Where(s => s.AccountId != authorId && s.Account.SuspendedAt == null)
            : query.Where(s => s.AccountId == authorId);
        if (minId is { } after)
        {
            query = query.Where(s => s.Id > after);
        }
        var replies = await query.OrderBy(s => s.Id).Take(RepliesPageSize).ToListAsync(cancellationToken);
        string? next;
        if (othersOnly)
        {
            next = replies.Count < RepliesPageSize ? null : urls.StatusRepliesPage(author, status.Id, replies[^1].Id, onlyOtherAccounts: true);
        }
        else
        {
            // The author's own replies are done when this page is not full: everyone else's come next.
            var turnToOthers = replies.Count < RepliesPageSize;
            next = urls.StatusRepliesPage(author, status.Id, turnToOthers ? null : replies[^1].Id, onlyOtherAccounts: turnToOthers);
        }
        var collectionId = urls.StatusReplies(author, status.Id);
        var firstPage = new CollectionPage
        {
            Id = urls.StatusRepliesPage(author, status.Id, minId, othersOnly),
            PartOf = collectionId,
            Next = next is null ? null : ObjectReference.FromUri(next),
            Items = replies.Select(reply => ObjectReference.FromUri(urls.StatusUri(reply))).ToList(),
        };
        return ActivityStreamsResults.Document(IsTrue(page) ? firstPage : new Collection { Id = collectionId, First = firstPage });
    }

    private static bool IsTrue(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
