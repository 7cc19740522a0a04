using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's PreviewCard: the preview of a link in a status.</summary>
public sealed record PreviewCardEntity
{
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("language"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Language { get; init; }

    /// <summary>"link", "photo", "video" or "rich".</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("authors")]
    public required IReadOnlyList<PreviewCardAuthorEntity> Authors { get; init; }

    [JsonPropertyName("author_name")]
    public required string AuthorName { get; init; }

    [JsonPropertyName("author_url")]
    public required string AuthorUrl { get; init; }

    [JsonPropertyName("provider_name")]
    public required string ProviderName { get; init; }

    [JsonPropertyName("provider_url")]
    public required string ProviderUrl { get; init; }

    [JsonPropertyName("html")]
    public required string Html { get; init; }

    [JsonPropertyName("width")]
    public required int Width { get; init; }

    [JsonPropertyName("height")]
    public required int Height { get; init; }

    [JsonPropertyName("image"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Image { get; init; }

    [JsonPropertyName("image_description")]
    public required string ImageDescription { get; init; }

    [JsonPropertyName("embed_url")]
    public required string EmbedUrl { get; init; }

    [JsonPropertyName("blurhash"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Blurhash { get; init; }

    [JsonPropertyName("published_at"), JsonConverter(typeof(MastodonDateTimeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateTime? PublishedAt { get; init; }
}

/// <summary>An author of the linked page, with their fediverse account when known.</summary>
public sealed record PreviewCardAuthorEntity
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("account"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required AccountEntity? Account { get; init; }
}
