using System.Text.Json.Serialization;

namespace Starling.ActivityPub.Vocabulary;

public sealed class Note : ActivityObject
{
    public Note() => Type = nameof(Note);
}

public sealed class Article : ActivityObject
{
    public Article() => Type = nameof(Article);
}

public sealed class Page : ActivityObject
{
    public Page() => Type = nameof(Page);
}

/// <summary>
/// A poll. Each option is a <see cref="Note"/> whose <see cref="ActivityObject.Name"/> is the text and whose
/// <see cref="ActivityObject.Replies"/> is a <see cref="Collection"/> counting the votes.
/// </summary>
public sealed class Question : ActivityObject
{
    public Question() => Type = nameof(Question);

    /// <summary>Options of a single-choice poll.</summary>
    public IReadOnlyList<Note> OneOf { get; set; } = [];

    /// <summary>Options of a multiple-choice poll.</summary>
    public IReadOnlyList<Note> AnyOf { get; set; } = [];

    public DateTimeOffset? EndTime { get; set; }

    /// <summary>When the poll closed. A boolean <c>closed</c>, which some servers send, is not kept.</summary>
    public DateTimeOffset? Closed { get; set; }

    public int? VotersCount { get; set; }

    /// <summary>True when the options are in <see cref="AnyOf"/>.</summary>
    [JsonIgnore]
    public bool IsMultipleChoice => AnyOf.Count > 0;

    /// <summary>The options, whichever property holds them.</summary>
    [JsonIgnore]
    public IReadOnlyList<Note> Options => AnyOf.Count > 0 ? AnyOf : OneOf;

    /// <summary>The votes counted for an option (its <c>replies.totalItems</c>), or 0.</summary>
    public static int VotesFor(Note option) => option.Replies?.Object is Collection { TotalItems: { } votes } ? votes : 0;
}

/// <summary>What is left of a deleted object.</summary>
public sealed class Tombstone : ActivityObject
{
    public Tombstone() => Type = nameof(Tombstone);

    public string? FormerType { get; set; }
    public DateTimeOffset? Deleted { get; set; }
}

/// <summary>A custom emoji (Mastodon's extension): <see cref="ActivityObject.Name"/> is <c>:shortcode:</c>, <see cref="ActivityObject.Icon"/> the picture.</summary>
public sealed class Emoji : ActivityObject
{
    public Emoji() => Type = nameof(Emoji);
}
