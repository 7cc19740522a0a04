using Starling.Server.Features.Common;
using Starling.Server.Options;

namespace Starling.Server.Features.Media;

/// <summary>
/// A private folder for one file's processing, under the data directory so that finished files move into media
/// storage by a rename. Removed with everything in it when disposed, whether processing succeeded or not.
/// </summary>
public sealed class MediaWorkFolder : IDisposable
{
    public const string ParentName = "tmp";

    private MediaWorkFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>Where the file as received is written.</summary>
    public string Upload => System.IO.Path.Combine(Path, "upload");

    /// <summary>Writes the file as received to <see cref="Upload"/>, refusing (422) to read more than <paramref name="limit"/> bytes.</summary>
    public Task ReceiveAsync(Stream content, long limit, CancellationToken cancellationToken) =>
        ReceiveAsync(content, limit, () => DomainException.Invalid("File is larger than it declared", "file"), cancellationToken);

    /// <summary>
    /// Writes the file as received to <see cref="Upload"/>, stopping with the exception <paramref name="tooLarge"/>
    /// makes as soon as more than <paramref name="limit"/> bytes arrive (a remote file's refusal is not an uploader's 422).
    /// </summary>
    public async Task ReceiveAsync(Stream content, long limit, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        await using var upload = new FileStream(Upload, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await new LengthLimitedStream(content, limit, tooLarge).CopyToAsync(upload, cancellationToken);
    }

    public static MediaWorkFolder Create(StarlingOptions options)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(options.DataDirectory), ParentName, "media-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new MediaWorkFolder(path);
    }

    /// <summary>Removes folders a crashed process left behind; called once at start.</summary>
    public static void RemoveLeftovers(StarlingOptions options, TimeSpan olderThan)
    {
        var parent = new DirectoryInfo(System.IO.Path.Combine(System.IO.Path.GetFullPath(options.DataDirectory), ParentName));
        if (!parent.Exists)
        {
            return;
        }
        foreach (var folder in parent.EnumerateDirectories("media-*").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow - olderThan))
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use after all; the next start removes it.
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Refuses to read past the limit, so a body larger than it declared cannot fill the disk.</summary>
    private sealed class LengthLimitedStream(Stream inner, long limit, Func<Exception> tooLarge) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw tooLarge() : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
