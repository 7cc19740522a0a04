namespace Starling.Server.Data.Entities;

/// <summary>
/// A file a person uploaded to attach to a status. It belongs to its uploader until a status claims it; the file lives
/// in the data directory's media folder at <see cref="FilePath"/>.
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
    /// <summary>Recognised from the file's first bytes, never from its name or the uploader's claim.</summary>
    public required string ContentType { get; set; }
    /// <summary>Relative to the media folder, with forward slashes; empty for a remote file not stored here.</summary>
    public required string FilePath { get; set; }
    /// <summary>Where a remote status's file lives on its own server.</summary>
    public string? RemoteUrl { get; set; }
    public long FileSize { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
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
