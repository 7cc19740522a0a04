using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Timelines;

/// <summary>One page of a timeline, newest first, with the cursors for the older and newer pages.</summary>
public sealed record TimelinePage(IReadOnlyList<StatusView> Items, long? NextMaxId, long? PrevMinId)
{
    public static TimelinePage Empty { get; } = new([], null, null);
}

/// <summary>Where the posts of a public or hashtag timeline come from.</summary>
public enum TimelineOrigin
{
    Everywhere,
    /// <summary>This server's accounts only.</summary>
    Local,
    /// <summary>Other servers' accounts only.</summary>
    Remote,
}

/// <summary>A hashtag timeline: posts with <see cref="Tag"/> or any of <see cref="Any"/>, with all of <see cref="All"/>, none of <see cref="None"/>.</summary>
public sealed record TagTimelineQuery(
    string Tag,
    IReadOnlyList<string> Any,
    IReadOnlyList<string> All,
    IReadOnlyList<string> None,
    TimelineOrigin Origin = TimelineOrigin.Everywhere,
    bool OnlyMedia = false)
{
    /// <summary>Tags read from each of Any, All and None; more are ignored, as on Mastodon.</summary>
    public const int MaxTagsPerMode = 4;

    public TagTimelineQuery(string tag) : this(tag, [], [], [])
    {
    }

    /// <summary>Hashtags are matched without their '#' and case-insensitively.</summary>
    public static string Normalize(string name) => name.Trim().TrimStart('#').ToLowerInvariant();
}
