namespace Starling.Server.Options;

/// <summary><c>Starling:Media</c>: what uploads may be, and how files are processed and cached. Defaults are Mastodon's.</summary>
public sealed class MediaOptions
{
    /// <summary>The largest image accepted, in bytes; announced to apps as the image size limit.</summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    public const long DefaultMaxUploadBytes = 16 * 1024 * 1024;

    /// <summary>The largest video or audio file accepted, in bytes; announced to apps as the video size limit.</summary>
    public long MaxVideoBytes { get; set; } = 99 * 1024 * 1024;

    /// <summary>Bounds for both size limits: at least 1 KiB, at most 1 GiB.</summary>
    public const long SmallestUploadLimit = 1024, LargestUploadLimit = 1L << 30;

    /// <summary>The most pixels an image may have; checked from its header, before anything is decoded.</summary>
    public long MaxImagePixels { get; set; } = 60_000_000;

    /// <summary>
    /// The most pixels a kept image may have, as on Mastodon (3840×2160's worth): a larger one is scaled down with its
    /// shape kept. <see cref="MaxImagePixels"/> refuses; this only shrinks.
    /// </summary>
    public long MaxStoredImagePixels { get; set; } = 3840 * 2160;

    /// <summary>The most pixels a video frame may have (3840×2160).</summary>
    public long MaxVideoPixels { get; set; } = 3840 * 2160;

    public double MaxVideoFrameRate { get; set; } = 120;

    /// <summary>The most frames a video may have: three minutes at 60 frames a second.</summary>
    public long MaxVideoFrames { get; set; } = 3 * 60 * 60;

    /// <summary>How many files are processed at once on this node; a burst of uploads waits its turn.</summary>
    public int ProcessingConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The ffmpeg and ffprobe programs' folder; empty to find them on the PATH.</summary>
    public string FFmpegFolder { get; set; } = "";

    /// <summary>
    /// The folder of libheif's heif-convert program, which decodes HEIC and AVIF pictures; empty to find it on the PATH.
    /// Without it, such pictures are refused.
    /// </summary>
    public string HeifFolder { get; set; } = "";

    /// <summary>Whether remote statuses' files are fetched and kept here (with previews), or shown from their origin.</summary>
    public bool CacheRemoteMedia { get; set; } = true;

    /// <summary>
    /// How long reading one remote file may take once its server has answered (which it must within
    /// <c>Federation:TimeoutSeconds</c>): 99 MB in five minutes is 2.7 Mbit/s. At most 20 minutes, well within the
    /// half hour a worker holds a file before another may take it over.
    /// </summary>
    public int RemoteFetchTimeoutSeconds { get; set; } = 300;

    public const int LongestRemoteFetchTimeoutSeconds = 1200;

    public TimeSpan RemoteFetchTimeout => TimeSpan.FromSeconds(RemoteFetchTimeoutSeconds);

    /// <summary>
    /// How long a remote file's body may go without a byte arriving before it is given up (left linked to its origin,
    /// as when the connection breaks), so a server that stalls does not hold a worker for the whole
    /// <see cref="RemoteFetchTimeoutSeconds"/> (a longer idle limit than that never comes into play). 1 to 1200.
    /// </summary>
    public int RemoteFetchIdleSeconds { get; set; } = 30;

    public TimeSpan RemoteFetchIdle => TimeSpan.FromSeconds(RemoteFetchIdleSeconds);
}
