namespace Starling.Server.Data.Entities;

/// <summary>
/// A file attached to a status: one a person here uploaded (it belongs to its uploader until a status claims it), or a
/// remote status's file, cached here or linked to its origin. Its files live in media storage at <see cref="FilePath"/>
/// and <see cref="PreviewFilePath"/>. While <see cref="State"/> is Processing, <see cref="FilePath"/> holds the file as
/// it arrived; processing replaces it with the clean copy.
/// </summary>
public sealed class MediaAttachment
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    /// <summary>Null until a status claims it, and again if that status is deleted (so delete-and-redraft can reuse it).</summary>
    public long? StatusId { get; set; }
    /// <summary>Order among its status's attachments, as the author listed them.</summary>
    public int Position { get; set; }
    public MediaType Type { get; set; }
    public MediaState State { get; set; }
    /// <summary>Recognised from the file's content, never from its name or the uploader's claim.</summary>
    public required string ContentType { get; set; }
    /// <summary>Relative to the media folder, with forward slashes; empty for a remote file not stored here.</summary>
    public required string FilePath { get; set; }
    /// <summary>Where a remote status's file lives on its own server.</summary>
    public string? RemoteUrl { get; set; }
    public long FileSize { get; set; }
    /// <summary>Of the kept file; null for audio, and for a remote file not yet processed.</summary>
    public int? Width { get; set; }
    public int? Height { get; set; }
    /// <summary>The small picture (a JPEG) shown in timelines; null when there is none (audio without a cover).</summary>
    public string? PreviewFilePath { get; set; }
    public int? PreviewWidth { get; set; }
    public int? PreviewHeight { get; set; }
    /// <summary>What apps paint while the preview loads.</summary>
    public string? Blurhash { get; set; }
    /// <summary>For video, gifv and audio.</summary>
    public double? DurationSeconds { get; set; }
    public double? FrameRate { get; set; }
    /// <summary>Bits per second of the kept file.</summary>
    public long? Bitrate { get; set; }
    /// <summary>Why processing failed, in words fit for the uploader; set only when <see cref="State"/> is Failed.</summary>
    public string? FailureReason { get; set; }
    /// <summary>
    /// Until when a worker holds this file for processing. Another worker (on this node or another) takes it over only
    /// after that, so a crash mid-way delays the file but does not lose it.
    /// </summary>
    public DateTime? ProcessingLeaseUntil { get; set; }
    /// <summary>The alt text.</summary>
    public string? Description { get; set; }
    /// <summary>The point to keep in view when cropping, each axis from -1 to 1; null when not set.</summary>
    public double? FocusX { get; set; }
    public double? FocusY { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsReady => State == MediaState.Ready;
}

public enum MediaType
{
    Unknown = 0,
    Image = 1,
    Gifv = 2,
    Video = 3,
    Audio = 4,
}

public enum MediaState
{
    /// <summary>Stored, not yet usable: no URL is given out and it cannot be attached.</summary>
    Processing = 0,
    Ready = 1,
    Failed = 2,
}
