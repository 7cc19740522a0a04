using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's MediaAttachment. The shape only: processing (sizes, blurhash, focus) arrives with media support.</summary>
public sealed record MediaAttachmentEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>"unknown", "image", "gifv", "video" or "audio".</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The original file; null while it is still being processed.</summary>
    [JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Url { get; init; }

    [JsonPropertyName("preview_url"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? PreviewUrl { get; init; }

    /// <summary>Where the file lives on its home server; null for local media.</summary>
    [JsonPropertyName("remote_url"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? RemoteUrl { get; init; }

    [JsonPropertyName("preview_remote_url"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? PreviewRemoteUrl { get; init; }

    [JsonPropertyName("meta"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required MediaMetaEntity? Meta { get; init; }

    /// <summary>The alt text.</summary>
    [JsonPropertyName("description"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Description { get; init; }

    [JsonPropertyName("blurhash"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Blurhash { get; init; }
}

/// <summary>What is known about the file's sizes; each part is sent only when known.</summary>
public sealed record MediaMetaEntity
{
    /// <summary>How long a video, gifv or audio plays, as Mastodon writes it: <c>0:02:05.50</c>.</summary>
    [JsonPropertyName("length"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Length { get; init; }

    /// <summary>The same in seconds, to the hundredth (<see cref="MediaSizeEntity.Duration"/> is finer).</summary>
    [JsonPropertyName("duration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Duration { get; init; }

    [JsonPropertyName("original"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MediaSizeEntity? Original { get; init; }

    [JsonPropertyName("small"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MediaSizeEntity? Small { get; init; }

    /// <summary>The point to keep in view when cropping a thumbnail, each axis from -1 to 1.</summary>
    [JsonPropertyName("focus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MediaFocusEntity? Focus { get; init; }
}

public sealed record MediaSizeEntity
{
    /// <summary>Absent for audio, which has no picture size.</summary>
    [JsonPropertyName("width"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Width { get; init; }

    [JsonPropertyName("height"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Height { get; init; }

    /// <summary>"640x480".</summary>
    [JsonPropertyName("size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Size { get; init; }

    [JsonPropertyName("aspect"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Aspect { get; init; }

    /// <summary>Seconds, for video and audio.</summary>
    [JsonPropertyName("duration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Duration { get; init; }

    [JsonPropertyName("frame_rate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FrameRate { get; init; }

    [JsonPropertyName("bitrate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Bitrate { get; init; }
}

public sealed record MediaFocusEntity
{
    [JsonPropertyName("x")]
    public required double X { get; init; }

    [JsonPropertyName("y")]
    public required double Y { get; init; }
}
