using System.Globalization;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Tags;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>Hashtags as Mastodon clients expect them: short inside a status, with their week of use on their own.</summary>
public sealed class TagRenderer(LocalUrls urls)
{
    /// <summary>A tag inside a status: its lower-cased name, which is also its page's address.</summary>
    public StatusTagEntity RenderStatusTag(Tag tag) => new() { Name = tag.Name, Url = urls.Tag(tag.Name) };

    /// <param name="history">From <see cref="TagQueries.HistoryAsync"/>, newest day first.</param>
    /// <param name="following">Whether the signed-in viewer follows the tag; null for an anonymous viewer.</param>
    public TagEntity Render(Tag tag, IReadOnlyList<TagDay> history, bool? following) => new()
    {
        // A hashtag nobody has used yet has no row; Mastodon shows its id empty.
        Id = tag.Id == 0 ? "" : EntityIds.Of(tag.Id),
        Name = tag.DisplayName,
        Url = urls.Tag(tag.Name),
        History = history.Select(day => new TagHistoryEntity
        {
            Day = new DateTimeOffset(day.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Uses = day.Uses.ToString(CultureInfo.InvariantCulture),
            Accounts = day.Accounts.ToString(CultureInfo.InvariantCulture),
        }).ToList(),
        Following = following,
    };
}
