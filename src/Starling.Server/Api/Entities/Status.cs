using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>
/// Mastodon's Status. The viewer's own flags (<c>favourited</c>, <c>reblogged</c>, <c>muted</c>, <c>bookmarked</c>,
/// <c>filtered</c>) are sent only to a signed-in viewer and <c>pinned</c> only on the viewer's own pinnable posts;
/// <c>text</c> replaces <c>content</c> only when the source is asked for (delete and redraft).
/// </summary>
public sealed record StatusEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("created_at"), JsonConverter(typeof(MastodonDateTimeConverter))]
    public required DateTime CreatedAt { get; init; }

    [JsonPropertyName("in_reply_to_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? InReplyToId { get; init; }

    [JsonPropertyName("in_reply_to_account_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? InReplyToAccountId { get; init; }

    [JsonPropertyName("sensitive")]
    public required bool Sensitive { get; init; }

    /// <summary>The content warning as plain text; "" when there is none.</summary>
    [JsonPropertyName("spoiler_text")]
    public required string SpoilerText { get; init; }

    /// <summary>One of <see cref="VisibilityNames"/>.</summary>
    [JsonPropertyName("visibility")]
    public required string Visibility { get; init; }

    [JsonPropertyName("language"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Language { get; init; }

    [JsonPropertyName("uri")]
    public required string Uri { get; init; }

    [JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Url { get; init; }

    [JsonPropertyName("replies_count")]
    public required int RepliesCount { get; init; }

    [JsonPropertyName("reblogs_count")]
    public required int ReblogsCount { get; init; }

    [JsonPropertyName("favourites_count")]
    public required int FavouritesCount { get; init; }

    [JsonPropertyName("edited_at"), JsonConverter(typeof(MastodonDateTimeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateTime? EditedAt { get; init; }

    [JsonPropertyName("favourited"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Favourited { get; init; }

    [JsonPropertyName("reblogged"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Reblogged { get; init; }

    /// <summary>Whether the viewer muted the conversation.</summary>
    [JsonPropertyName("muted"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Muted { get; init; }

    [JsonPropertyName("bookmarked"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Bookmarked { get; init; }

    [JsonPropertyName("pinned"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Pinned { get; init; }

    /// <summary>The viewer's filters this status matched; [] for a signed-in viewer when none did.</summary>
    [JsonPropertyName("filtered"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FilterResultEntity>? Filtered { get; init; }

    /// <summary>The rendered HTML; absent when <see cref="Text"/> is sent instead.</summary>
    [JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }

    /// <summary>The text as typed; sent instead of <see cref="Content"/> only when the source is asked for.</summary>
    [JsonPropertyName("text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    /// <summary>The boosted status, when this one is a boost.</summary>
    [JsonPropertyName("reblog"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required StatusEntity? Reblog { get; init; }

    /// <summary>The app that posted it; sent only when known.</summary>
    [JsonPropertyName("application"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusApplicationEntity? Application { get; init; }

    [JsonPropertyName("account")]
    public required AccountEntity Account { get; init; }

    [JsonPropertyName("media_attachments")]
    public required IReadOnlyList<MediaAttachmentEntity> MediaAttachments { get; init; }

    [JsonPropertyName("mentions")]
    public required IReadOnlyList<MentionEntity> Mentions { get; init; }

    [JsonPropertyName("tags")]
    public required IReadOnlyList<StatusTagEntity> Tags { get; init; }

    [JsonPropertyName("emojis")]
    public required IReadOnlyList<CustomEmojiEntity> Emojis { get; init; }

    [JsonPropertyName("card"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public PreviewCardEntity? Card { get; init; }

    [JsonPropertyName("poll"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public PollEntity? Poll { get; init; }
}

/// <summary>Status::Mention: an account the status mentions.</summary>
public sealed record MentionEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("username")]
    public required string Username { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("acct")]
    public required string Acct { get; init; }
}

/// <summary>Status::Tag: a hashtag the status uses.</summary>
public sealed record StatusTagEntity
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }
}

/// <summary>The application a status was posted with.</summary>
public sealed record StatusApplicationEntity
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("website"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Website { get; init; }
}

/// <summary>Mastodon's StatusEdit: one version in a status's history.</summary>
public sealed record StatusEditEntity
{
    [JsonPropertyName("content")]
    public required string Content { get; init; }

    [JsonPropertyName("spoiler_text")]
    public required string SpoilerText { get; init; }

    [JsonPropertyName("sensitive")]
    public required bool Sensitive { get; init; }

    [JsonPropertyName("created_at"), JsonConverter(typeof(MastodonDateTimeConverter))]
    public required DateTime CreatedAt { get; init; }

    [JsonPropertyName("account")]
    public required AccountEntity Account { get; init; }

    /// <summary>The poll's options at this version; sent only for statuses with a poll.</summary>
    [JsonPropertyName("poll"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusEditPollEntity? Poll { get; init; }

    [JsonPropertyName("media_attachments")]
    public required IReadOnlyList<MediaAttachmentEntity> MediaAttachments { get; init; }

    [JsonPropertyName("emojis")]
    public required IReadOnlyList<CustomEmojiEntity> Emojis { get; init; }
}

public sealed record StatusEditPollEntity
{
    [JsonPropertyName("options")]
    public required IReadOnlyList<StatusEditPollOptionEntity> Options { get; init; }
}

public sealed record StatusEditPollOptionEntity
{
    [JsonPropertyName("title")]
    public required string Title { get; init; }
}

/// <summary>Mastodon's StatusSource: the text behind a status, for editing it.</summary>
public sealed record StatusSourceEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("text")]
    public required string Text { get; init; }

    [JsonPropertyName("spoiler_text")]
    public required string SpoilerText { get; init; }
}

/// <summary>Mastodon's Context: the statuses above and below one status in its thread.</summary>
public sealed record ContextEntity
{
    [JsonPropertyName("ancestors")]
    public required IReadOnlyList<StatusEntity> Ancestors { get; init; }

    [JsonPropertyName("descendants")]
    public required IReadOnlyList<StatusEntity> Descendants { get; init; }
}
