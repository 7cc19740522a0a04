using Starling.Server.Data.Entities;
using Starling.Server.Features.Filters;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>Filters, their keywords and statuses, and what a status matched, as Mastodon clients expect them.</summary>
public sealed class FilterRenderer
{
    /// <param name="filter">With its keywords and statuses loaded.</param>
    public FilterEntity Render(Filter filter) => new()
    {
        Id = EntityIds.Of(filter.Id),
        Title = filter.Title,
        Context = FilterNames.Of(filter.Contexts),
        ExpiresAt = filter.ExpiresAt,
        FilterAction = FilterNames.Of(filter.Action),
        Keywords = filter.Keywords.Select(RenderKeyword).ToList(),
        Statuses = filter.Statuses.Select(RenderStatus).ToList(),
    };

    public FilterKeywordEntity RenderKeyword(FilterKeyword keyword) => new()
    {
        Id = EntityIds.Of(keyword.Id),
        Keyword = keyword.Keyword,
        WholeWord = keyword.WholeWord,
    };

    public FilterStatusEntity RenderStatus(FilterStatus status) => new()
    {
        Id = EntityIds.Of(status.Id),
        StatusId = EntityIds.Of(status.StatusId),
    };

    public FilterResultEntity RenderResult(FilterMatch match) => new()
    {
        Filter = Render(match.Filter),
        KeywordMatches = match.KeywordMatches,
        StatusMatches = match.StatusMatches?.Select(EntityIds.Of).ToList(),
    };

    /// <summary>One keyword in the v1 shape, with its filter's contexts, expiry and action.</summary>
    public FilterV1Entity RenderV1(Filter filter, FilterKeyword keyword) => new()
    {
        Id = EntityIds.Of(keyword.Id),
        Phrase = keyword.Keyword,
        Context = FilterNames.Of(filter.Contexts),
        WholeWord = keyword.WholeWord,
        ExpiresAt = filter.ExpiresAt,
        Irreversible = filter.Action == FilterAction.Hide,
    };
}
