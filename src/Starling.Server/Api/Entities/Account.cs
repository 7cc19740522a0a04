using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Account: a profile as clients show it. Fields Mastodon sends only in some cases are left out when null.</summary>
public record AccountEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("username")]
    public required string Username { get; init; }

    /// <summary>"user" for a local account, "user@domain" for a remote one.</summary>
    [JsonPropertyName("acct")]
    public required string Acct { get; init; }

    [JsonPropertyName("display_name")]
    public required string DisplayName { get; init; }

    [JsonPropertyName("locked")]
    public required bool Locked { get; init; }

    [JsonPropertyName("bot")]
    public required bool Bot { get; init; }

    [JsonPropertyName("discoverable"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required bool? Discoverable { get; init; }

    [JsonPropertyName("indexable")]
    public required bool Indexable { get; init; }

    [JsonPropertyName("group")]
    public required bool Group { get; init; }

    /// <summary>Midnight of the day the account was made, as Mastodon rounds it.</summary>
    [JsonPropertyName("created_at"), JsonConverter(typeof(MastodonDateTimeConverter))]
    public required DateTime CreatedAt { get; init; }

    /// <summary>The bio as HTML.</summary>
    [JsonPropertyName("note")]
    public required string Note { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("uri")]
    public required string Uri { get; init; }

    [JsonPropertyName("avatar")]
    public required string Avatar { get; init; }

    [JsonPropertyName("avatar_static")]
    public required string AvatarStatic { get; init; }

    [JsonPropertyName("header")]
    public required string Header { get; init; }

    [JsonPropertyName("header_static")]
    public required string HeaderStatic { get; init; }

    [JsonPropertyName("followers_count")]
    public required int FollowersCount { get; init; }

    [JsonPropertyName("following_count")]
    public required int FollowingCount { get; init; }

    [JsonPropertyName("statuses_count")]
    public required int StatusesCount { get; init; }

    /// <summary>A date without a time ("2019-11-17"), as Mastodon sends it.</summary>
    [JsonPropertyName("last_status_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateOnly? LastStatusAt { get; init; }

    [JsonPropertyName("hide_collections"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required bool? HideCollections { get; init; }

    /// <summary>Sent for local accounts only.</summary>
    [JsonPropertyName("noindex"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Noindex { get; init; }

    [JsonPropertyName("emojis")]
    public required IReadOnlyList<CustomEmojiEntity> Emojis { get; init; }

    /// <summary>The account's highlighted roles; sent for local accounts only.</summary>
    [JsonPropertyName("roles"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AccountRoleEntity>? Roles { get; init; }

    [JsonPropertyName("fields")]
    public required IReadOnlyList<AccountFieldEntity> Fields { get; init; }

    /// <summary>The account its owner moved to; null while it has not moved.</summary>
    [JsonPropertyName("moved"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public AccountEntity? Moved { get; init; }

    /// <summary>Sent only when true.</summary>
    [JsonPropertyName("suspended"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Suspended { get; init; }

    /// <summary>Sent only when true: the account is silenced and should be shown behind a warning.</summary>
    [JsonPropertyName("limited"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Limited { get; init; }

    /// <summary>Sent only when true: the account is kept in memory of someone who died.</summary>
    [JsonPropertyName("memorial"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Memorial { get; init; }
}

/// <summary>The signed-in user's own account, with the values their settings forms start from.</summary>
public sealed record CredentialAccountEntity : AccountEntity
{
    [SetsRequiredMembers]
    public CredentialAccountEntity(AccountEntity account, AccountSourceEntity source, RoleEntity role) : base(account)
    {
        Source = source;
        Role = role;
    }

    [JsonPropertyName("source"), JsonPropertyOrder(1)]
    public required AccountSourceEntity Source { get; init; }

    [JsonPropertyName("role"), JsonPropertyOrder(1)]
    public required RoleEntity Role { get; init; }
}

/// <summary>An account in the viewer's list of mutes, with when the mute ends.</summary>
public sealed record MutedAccountEntity : AccountEntity
{
    [SetsRequiredMembers]
    public MutedAccountEntity(AccountEntity account, DateTime? muteExpiresAt) : base(account)
    {
        MuteExpiresAt = muteExpiresAt;
    }

    [JsonPropertyName("mute_expires_at"), JsonPropertyOrder(1), JsonConverter(typeof(MastodonDateTimeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateTime? MuteExpiresAt { get; init; }
}

/// <summary>Plain-text values behind the account's rendered profile, for the settings form.</summary>
public sealed record AccountSourceEntity
{
    /// <summary>The default visibility for new posts.</summary>
    [JsonPropertyName("privacy")]
    public required string Privacy { get; init; }

    [JsonPropertyName("sensitive")]
    public required bool Sensitive { get; init; }

    /// <summary>The default language of new posts, or "" when none is set.</summary>
    [JsonPropertyName("language")]
    public required string Language { get; init; }

    /// <summary>The bio as typed.</summary>
    [JsonPropertyName("note")]
    public required string Note { get; init; }

    [JsonPropertyName("fields")]
    public required IReadOnlyList<AccountFieldEntity> Fields { get; init; }

    [JsonPropertyName("follow_requests_count")]
    public required int FollowRequestsCount { get; init; }

    [JsonPropertyName("hide_collections"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required bool? HideCollections { get; init; }

    [JsonPropertyName("discoverable"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required bool? Discoverable { get; init; }

    [JsonPropertyName("indexable")]
    public required bool Indexable { get; init; }
}

/// <summary>A name-value pair on a profile ("Website", "Pronouns").</summary>
public sealed record AccountFieldEntity
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>HTML on an account, plain text in its source.</summary>
    [JsonPropertyName("value")]
    public required string Value { get; init; }

    [JsonPropertyName("verified_at"), JsonConverter(typeof(MastodonDateTimeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateTime? VerifiedAt { get; init; }
}

/// <summary>A role as listed on an account: enough to draw its badge.</summary>
public sealed record AccountRoleEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("color")]
    public required string Color { get; init; }
}

/// <summary>Mastodon's Role: what the signed-in user may do, as a bitmask of permissions.</summary>
public sealed record RoleEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("color")]
    public required string Color { get; init; }

    /// <summary>The permission bits as a decimal string ("1" is Administrator, which implies every other).</summary>
    [JsonPropertyName("permissions")]
    public required string Permissions { get; init; }

    [JsonPropertyName("highlighted")]
    public required bool Highlighted { get; init; }
}

/// <summary>Mastodon's CustomEmoji.</summary>
public sealed record CustomEmojiEntity
{
    [JsonPropertyName("shortcode")]
    public required string Shortcode { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("static_url")]
    public required string StaticUrl { get; init; }

    [JsonPropertyName("visible_in_picker")]
    public required bool VisibleInPicker { get; init; }

    [JsonPropertyName("category"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Category { get; init; }
}

/// <summary>Mastodon's FamiliarFollowers: accounts the viewer follows that also follow the account <see cref="Id"/>.</summary>
public sealed record FamiliarFollowersEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("accounts")]
    public required IReadOnlyList<AccountEntity> Accounts { get; init; }
}
