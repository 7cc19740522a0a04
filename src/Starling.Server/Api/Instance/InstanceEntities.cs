using System.Text.Json.Serialization;

namespace Starling.Server.Api.Instance;

// Mastodon's instance entities, field by field as clients read them (v1 is still what many feature-detect on).

public sealed record InstanceV1(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("short_description")] string ShortDescription,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("urls")] InstanceV1Urls Urls,
    [property: JsonPropertyName("stats")] InstanceStats Stats,
    [property: JsonPropertyName("thumbnail")] string? Thumbnail,
    [property: JsonPropertyName("languages")] IReadOnlyList<string> Languages,
    [property: JsonPropertyName("registrations")] bool Registrations,
    [property: JsonPropertyName("approval_required")] bool ApprovalRequired,
    [property: JsonPropertyName("invites_enabled")] bool InvitesEnabled,
    [property: JsonPropertyName("configuration")] InstanceConfiguration Configuration,
    [property: JsonPropertyName("contact_account")] object? ContactAccount,
    [property: JsonPropertyName("rules")] IReadOnlyList<RuleEntity> Rules);

public sealed record InstanceV1Urls([property: JsonPropertyName("streaming_api")] string StreamingApi);

public sealed record InstanceStats(
    [property: JsonPropertyName("user_count")] int UserCount,
    [property: JsonPropertyName("status_count")] int StatusCount,
    [property: JsonPropertyName("domain_count")] int DomainCount);

public sealed record InstanceV2(
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("source_url")] string SourceUrl,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("usage")] InstanceUsage Usage,
    [property: JsonPropertyName("thumbnail")] InstanceThumbnail Thumbnail,
    [property: JsonPropertyName("icon")] IReadOnlyList<InstanceIcon> Icon,
    [property: JsonPropertyName("languages")] IReadOnlyList<string> Languages,
    [property: JsonPropertyName("configuration")] InstanceConfigurationV2 Configuration,
    [property: JsonPropertyName("registrations")] InstanceRegistrations Registrations,
    [property: JsonPropertyName("api_versions")] IReadOnlyDictionary<string, int> ApiVersions,
    [property: JsonPropertyName("contact")] InstanceContact Contact,
    [property: JsonPropertyName("rules")] IReadOnlyList<RuleEntity> Rules);

public sealed record InstanceUsage([property: JsonPropertyName("users")] InstanceUsageUsers Users);

public sealed record InstanceUsageUsers([property: JsonPropertyName("active_month")] int ActiveMonth);

public sealed record InstanceThumbnail(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("blurhash")] string? Blurhash,
    [property: JsonPropertyName("versions")] IReadOnlyDictionary<string, string> Versions);

public sealed record InstanceIcon(
    [property: JsonPropertyName("src")] string Src,
    [property: JsonPropertyName("size")] string Size);

public sealed record InstanceRegistrations(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("approval_required")] bool ApprovalRequired,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("url")] string? Url);

public sealed record InstanceContact(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("account")] object? Account);

/// <summary>v1's configuration; v2 adds urls, vapid, translation and more below.</summary>
public sealed record InstanceConfiguration(
    [property: JsonPropertyName("accounts")] AccountLimits Accounts,
    [property: JsonPropertyName("statuses")] StatusLimits Statuses,
    [property: JsonPropertyName("media_attachments")] MediaLimits MediaAttachments,
    [property: JsonPropertyName("polls")] PollLimits Polls);

public sealed record InstanceConfigurationV2(
    [property: JsonPropertyName("urls")] InstanceV2Urls Urls,
    [property: JsonPropertyName("vapid")] VapidConfiguration Vapid,
    [property: JsonPropertyName("accounts")] AccountLimits Accounts,
    [property: JsonPropertyName("statuses")] StatusLimits Statuses,
    [property: JsonPropertyName("media_attachments")] MediaLimits MediaAttachments,
    [property: JsonPropertyName("polls")] PollLimits Polls,
    [property: JsonPropertyName("translation")] TranslationConfiguration Translation);

public sealed record InstanceV2Urls(
    [property: JsonPropertyName("streaming")] string Streaming,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("about")] string About,
    [property: JsonPropertyName("privacy_policy")] string? PrivacyPolicy,
    [property: JsonPropertyName("terms_of_service")] string? TermsOfService);

public sealed record VapidConfiguration([property: JsonPropertyName("public_key")] string PublicKey);

public sealed record TranslationConfiguration([property: JsonPropertyName("enabled")] bool Enabled);

public sealed record AccountLimits(
    [property: JsonPropertyName("max_featured_tags")] int MaxFeaturedTags,
    [property: JsonPropertyName("max_pinned_statuses")] int MaxPinnedStatuses);

public sealed record StatusLimits(
    [property: JsonPropertyName("max_characters")] int MaxCharacters,
    [property: JsonPropertyName("max_media_attachments")] int MaxMediaAttachments,
    [property: JsonPropertyName("characters_reserved_per_url")] int CharactersReservedPerUrl);

public sealed record MediaLimits(
    [property: JsonPropertyName("supported_mime_types")] IReadOnlyList<string> SupportedMimeTypes,
    [property: JsonPropertyName("description_limit")] int DescriptionLimit,
    [property: JsonPropertyName("image_size_limit")] long ImageSizeLimit,
    [property: JsonPropertyName("image_matrix_limit")] long ImageMatrixLimit,
    [property: JsonPropertyName("video_size_limit")] long VideoSizeLimit,
    [property: JsonPropertyName("video_frame_rate_limit")] int VideoFrameRateLimit,
    [property: JsonPropertyName("video_matrix_limit")] long VideoMatrixLimit);

public sealed record PollLimits(
    [property: JsonPropertyName("max_options")] int MaxOptions,
    [property: JsonPropertyName("max_characters_per_option")] int MaxCharactersPerOption,
    [property: JsonPropertyName("min_expiration")] int MinExpiration,
    [property: JsonPropertyName("max_expiration")] int MaxExpiration);

public sealed record RuleEntity(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("hint")] string Hint);

/// <summary>One week of <c>GET /api/v1/instance/activity</c>; Mastodon sends every number as a string.</summary>
public sealed record ActivityEntity(
    [property: JsonPropertyName("week")] string Week,
    [property: JsonPropertyName("statuses")] string Statuses,
    [property: JsonPropertyName("logins")] string Logins,
    [property: JsonPropertyName("registrations")] string Registrations);

/// <summary><c>GET /api/v1/instance/extended_description</c>.</summary>
public sealed record ExtendedDescriptionEntity(
    [property: JsonPropertyName("updated_at")] DateTime UpdatedAt,
    [property: JsonPropertyName("content")] string Content);

/// <summary>A user's posting and reading defaults, keyed as Mastodon keys them.</summary>
public sealed record PreferencesEntity(
    [property: JsonPropertyName("posting:default:visibility")] string PostingDefaultVisibility,
    [property: JsonPropertyName("posting:default:sensitive")] bool PostingDefaultSensitive,
    [property: JsonPropertyName("posting:default:language")] string? PostingDefaultLanguage,
    [property: JsonPropertyName("reading:expand:media")] string ReadingExpandMedia,
    [property: JsonPropertyName("reading:expand:spoilers")] bool ReadingExpandSpoilers);
