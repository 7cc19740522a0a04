using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Web.ViewModels;

/// <summary>A page of posts with its "Load older posts" link and what to say when there are none.</summary>
public sealed record TimelineList(
    IReadOnlyList<StatusView> Items,
    long? ViewerId,
    long? NextMaxId,
    bool HasMore,
    string BasePath,
    string EmptyTitle,
    string EmptyText,
    IReadOnlySet<long>? PinnedIds = null,
    string? EmptyLinkHref = null,
    string? EmptyLinkText = null,
    IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? Filtered = null)
{
    public string? OlderHref => HasMore && NextMaxId is { } max ? $"{BasePath}?max_id={max}" : null;

    /// <summary>Whether one of the reader's filters hides this post.</summary>
    public bool IsHidden(StatusView item) => Matches(item).Any(m => m.Filter.Action == FilterAction.Hide);

    /// <summary>The titles of the reader's filters that warn about this post; empty when none does.</summary>
    public IReadOnlyList<string> Warnings(StatusView item) =>
        Matches(item).Where(m => m.Filter.Action == FilterAction.Warn).Select(m => m.Filter.Title).Distinct().ToList();

    private IReadOnlyList<FilterMatch> Matches(StatusView item) => Filtered?.GetValueOrDefault(item.Status.Id) ?? [];

    /// <summary>A full page means there may be more; fewer than asked for means this was the last.</summary>
    public static bool IsFull(int count, PageRequest request) => count >= request.EffectiveLimit;

    /// <summary>A timeline page exactly as the query returned it.</summary>
    /// <param name="filtered">The reader's filter matches for the page (FilterMatcher), to hide or collapse posts.</param>
    public static TimelineList Of(TimelinePage page, PageRequest request, long? viewerId, string basePath, string emptyTitle, string emptyText,
        string? emptyLinkHref = null, string? emptyLinkText = null, IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered = null) =>
        new(page.Items, viewerId, page.NextMaxId, IsFull(page.Items.Count, request), basePath, emptyTitle, emptyText,
            EmptyLinkHref: emptyLinkHref, EmptyLinkText: emptyLinkText, Filtered: filtered);
}

/// <summary>A page of accounts (followers, following, follow requests).</summary>
public sealed record AccountList(IReadOnlyList<Account> Items, long? NextMaxId, bool HasMore, string BasePath, string EmptyText)
{
    public string? OlderHref => HasMore && NextMaxId is { } max ? $"{BasePath}?max_id={max}" : null;
}
