using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>
/// Statuses as the API answers them to one reader: matched against the reader's filters, then rendered. As Mastodon's
/// status presenter does, every active filter is matched whatever the list is (home, a thread, a profile): each match
/// carries its filter's contexts, and the client decides where to hide or warn.
/// </summary>
public sealed class StatusPresenter(StatusLoader loader, FilterMatcher filters, StatusRenderer renderer)
{
    public async Task<IReadOnlyList<StatusEntity>> RenderAsync(IReadOnlyList<StatusView> views, long? viewerId, CancellationToken cancellationToken) =>
        renderer.Render(views, viewerId, await MatchAsync(views, viewerId, cancellationToken));

    public async Task<StatusEntity> RenderAsync(StatusView view, long? viewerId, CancellationToken cancellationToken) =>
        renderer.Render(view, viewerId, filtered: await MatchAsync([view], viewerId, cancellationToken));

    /// <summary>A status the caller has just acted on or written, loaded afresh; 404 when it is gone.</summary>
    public async Task<StatusEntity> LoadAsync(long statusId, long viewerId, CancellationToken cancellationToken) =>
        await loader.LoadOneAsync(statusId, viewerId, cancellationToken) is { } view
            ? await RenderAsync(view, viewerId, cancellationToken)
            : throw ApiException.NotFound();

    public async Task<ContextEntity> RenderContextAsync(StatusThread thread, long? viewerId, CancellationToken cancellationToken) =>
        renderer.RenderContext(thread, viewerId, await MatchAsync([.. thread.Ancestors, .. thread.Descendants], viewerId, cancellationToken));

    /// <summary>The matches for statuses rendered inside other entities (notifications, conversations).</summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>> MatchAsync(IReadOnlyList<StatusView> views, long? viewerId,
        CancellationToken cancellationToken) =>
        filters.MatchAsync(viewerId, FilterContexts.All, views, cancellationToken);

    /// <summary>The same for the one status an entity may hold (a notification's, a conversation's last).</summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>> MatchAsync(StatusView? view, long viewerId, CancellationToken cancellationToken) =>
        view is null ? Task.FromResult(FilterMatcher.None) : MatchAsync([view], viewerId, cancellationToken);
}
