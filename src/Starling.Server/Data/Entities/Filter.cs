namespace Starling.Server.Data.Entities;

/// <summary>
/// A person's filter (Mastodon's "custom filter"): statuses that contain one of its keywords, or that it lists, are
/// shown behind a warning or hidden, in the contexts it names, until it expires.
/// </summary>
public sealed class Filter
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public required string Title { get; set; }
    public FilterContexts Contexts { get; set; }
    public FilterAction Action { get; set; }
    /// <summary>Null for a filter that never expires; an expired filter is kept and listed but no longer applied.</summary>
    public DateTime? ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Also moved when a keyword or status of the filter changes, so the filter's row names every change to it.</summary>
    public DateTime UpdatedAt { get; set; }

    public List<FilterKeyword> Keywords { get; set; } = [];
    public List<FilterStatus> Statuses { get; set; } = [];

    public bool IsActiveAt(DateTime now) => ExpiresAt is null || ExpiresAt > now;
}

/// <summary>Where a filter applies; stored as a bit set.</summary>
[Flags]
public enum FilterContexts
{
    None = 0,
    /// <summary>The home timeline and lists.</summary>
    Home = 1,
    Notifications = 2,
    /// <summary>The local, federated and hashtag timelines.</summary>
    Public = 4,
    /// <summary>A status with its replies.</summary>
    Thread = 8,
    /// <summary>A profile's posts.</summary>
    Account = 16,
    All = Home | Notifications | Public | Thread | Account,
}

public enum FilterAction
{
    /// <summary>Shown collapsed behind the filter's title.</summary>
    Warn = 0,
    /// <summary>Not shown at all.</summary>
    Hide = 1,
}

public sealed class FilterKeyword
{
    public long Id { get; set; }
    public long FilterId { get; set; }
    public required string Keyword { get; set; }
    /// <summary>Match only where the keyword starts and ends at word boundaries ("cat" then misses "concatenate").</summary>
    public bool WholeWord { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One status a filter hides or warns about, whatever its text (and boosts of it).</summary>
public sealed class FilterStatus
{
    public long Id { get; set; }
    public long FilterId { get; set; }
    public long StatusId { get; set; }
    public DateTime CreatedAt { get; set; }
}
