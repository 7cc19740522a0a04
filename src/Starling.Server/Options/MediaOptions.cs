namespace Starling.Server.Options;

/// <summary><c>Starling:Media</c>: what uploads may be.</summary>
public sealed class MediaOptions
{
    /// <summary>The largest file accepted, in bytes; announced to apps in the instance's configuration.</summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    public const long DefaultMaxUploadBytes = 16 * 1024 * 1024;

    /// <summary>Bounds for <see cref="MaxUploadBytes"/>: at least 1 KiB, at most 1 GiB.</summary>
    public const long SmallestUploadLimit = 1024, LargestUploadLimit = 1L << 30;
}
