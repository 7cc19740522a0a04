using System.Buffers.Binary;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>An image format Starling accepts, recognised by its first bytes, with the pixel size its header gives.</summary>
public sealed record ImageFormat(string ContentType, string Extension, int? Width, int? Height)
{
    /// <summary>Enough for every header below except a JPEG's, whose size may sit after large metadata.</summary>
    private const int HeaderLength = 32;

    /// <summary>The longest file-type box read for its brands; real ones list a handful.</summary>
    private const int MaxFileTypeBoxLength = 1024;

    /// <summary>
    /// JPEG, PNG, GIF or WebP by their signatures, and HEIC or AVIF by the brands of their file-type box; null for
    /// anything else, whatever its name or claimed type says. The size is read from the header where it is cheap to
    /// find, and left null where the header is damaged (and for HEIC and AVIF, which keep it deep in their metadata).
    /// </summary>
    public static async Task<ImageFormat?> DetectAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var header = new byte[HeaderLength];
        var read = await stream.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken);
        var bytes = header.AsSpan(0, read);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            // The IHDR chunk comes first: width and height as big-endian 32-bit numbers at 16 and 20.
            var (width, height) = read >= 24 && bytes[12..16].SequenceEqual("IHDR"u8)
                ? Size(BinaryPrimitives.ReadInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..]))
                : (null, null);
            return new ImageFormat("image/png", "png", width, height);
        }
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            var (width, height) = read >= 10 ? Size(BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])) : (null, null);
            return new ImageFormat("image/gif", "gif", width, height);
        }
        if (read >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            var (width, height) = WebPSize(bytes);
            return new ImageFormat("image/webp", "webp", width, height);
        }
        if (read >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            var (width, height) = await JpegSizeAsync(stream, header[..read], cancellationToken);
            return new ImageFormat("image/jpeg", "jpg", width, height);
        }
        if (read >= 16 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            return await HeifAsync(stream, header[..read], cancellationToken);
        }
        return null;
    }

    public bool IsHeif => ContentType is "image/heic" or "image/heif" or "image/avif";

    /// <summary>
    /// The name people know the format by, for messages ("HEIC images are not supported"): HEIC, AVIF, PNG...
    /// </summary>
    public string Name => ContentType switch
    {
        "image/jpeg" => "JPEG",
        "image/webp" => "WebP",
        _ => ContentType["image/".Length..].ToUpperInvariant(),
    };

    /// <summary>
    /// HEIF files (ISO base media, as MP4 is) open with an "ftyp" box naming a major brand and compatible ones: an
    /// AV1 picture says avif, an HEVC picture (an iPhone's photo) heic or a sibling, a plain HEIF only mif1. A video's
    /// brands (isom, mp42, qt...) are none of these, so it is not taken for an image.
    /// </summary>
    private static async Task<ImageFormat?> HeifAsync(Stream stream, byte[] start, CancellationToken cancellationToken)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(start);
        if (length < 16 || length > MaxFileTypeBoxLength || length % 4 != 0)
        {
            return null;
        }
        var box = new byte[length];
        start.AsSpan(0, Math.Min(start.Length, box.Length)).CopyTo(box);
        if (start.Length < box.Length
            && await stream.ReadAtLeastAsync(box.AsMemory(start.Length), box.Length - start.Length, throwOnEndOfStream: false, cancellationToken) < box.Length - start.Length)
        {
            return null;
        }
        // The major brand at 8, a minor version at 12, then the compatible brands.
        var brands = Enumerable.Range(0, box.Length / 4).Where(i => i == 2 || i >= 4)
            .Select(i => System.Text.Encoding.ASCII.GetString(box, i * 4, 4))
            .ToHashSet(StringComparer.Ordinal);
        if (brands.Overlaps(["avif", "avis"]))
        {
            return new ImageFormat("image/avif", "avif", null, null);
        }
        if (brands.Overlaps(["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"]))
        {
            return new ImageFormat("image/heic", "heic", null, null);
        }
        return brands.Overlaps(["mif1", "msf1"]) ? new ImageFormat("image/heif", "heif", null, null) : null;
    }

    private static (int?, int?) Size(long width, long height) =>
        width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue ? ((int)width, (int)height) : (null, null);

    private static (int?, int?) WebPSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30)
        {
            return (null, null);
        }
        var chunk = bytes[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            // 24-bit little-endian "size minus one" for each side.
            var width = 1 + (bytes[24] | bytes[25] << 8 | bytes[26] << 16);
            var height = 1 + (bytes[27] | bytes[28] << 8 | bytes[29] << 16);
            return Size(width, height);
        }
        if (chunk.SequenceEqual("VP8L"u8) && bytes[20] == 0x2F)
        {
            // 14 bits each, "size minus one", packed after the signature byte.
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes[21..]);
            return Size((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8 "u8) && bytes[23] == 0x9D && bytes[24] == 0x01 && bytes[25] == 0x2A)
        {
            return Size(BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) & 0x3FFF);
        }
        return (null, null);
    }

    /// <summary>Walks the JPEG's segments to its start-of-frame marker, which holds the size.</summary>
    private static async Task<(int?, int?)> JpegSizeAsync(Stream stream, byte[] start, CancellationToken cancellationToken)
    {
        var reader = new ByteReader(stream, start);
        if (await reader.NextAsync(cancellationToken) != 0xFF || await reader.NextAsync(cancellationToken) != 0xD8)
        {
            return (null, null);
        }
        while (true)
        {
            var marker = await reader.NextAsync(cancellationToken);
            if (marker != 0xFF)
            {
                return (null, null);
            }
            var kind = await reader.NextAsync(cancellationToken);
            while (kind == 0xFF)
            {
                kind = await reader.NextAsync(cancellationToken); // Fill bytes.
            }
            if (kind < 0 || kind == 0xD9 || kind == 0xDA)
            {
                return (null, null); // End of image or start of scan before any frame header.
            }
            if (kind is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // Markers without a length.
            }
            var high = await reader.NextAsync(cancellationToken);
            var low = await reader.NextAsync(cancellationToken);
            if (high < 0 || low < 0)
            {
                return (null, null);
            }
            var length = high << 8 | low;
            if (length < 2)
            {
                return (null, null);
            }
            // Start-of-frame markers: C0-CF except C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding).
            if (kind is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var frame = new int[5];
                for (var i = 0; i < frame.Length; i++)
                {
                    frame[i] = await reader.NextAsync(cancellationToken);
                }
                return frame.Any(b => b < 0) ? (null, null) : Size(frame[3] << 8 | frame[4], frame[1] << 8 | frame[2]);
            }
            if (!await reader.SkipAsync(length - 2, cancellationToken))
            {
                return (null, null);
            }
        }
    }

    /// <summary>Reads a stream byte by byte through a buffer, starting with bytes already read.</summary>
    private sealed class ByteReader(Stream stream, byte[] start)
    {
        private byte[] _buffer = start;
        private int _position;
        private int _length = start.Length;

        public async ValueTask<int> NextAsync(CancellationToken cancellationToken)
        {
            if (_position >= _length)
            {
                if (_buffer.Length < 8192)
                {
                    _buffer = new byte[8192];
                }
                _length = await stream.ReadAsync(_buffer, cancellationToken);
                _position = 0;
                if (_length <= 0)
                {
                    return -1;
                }
            }
            return _buffer[_position++];
        }

        public async ValueTask<bool> SkipAsync(int count, CancellationToken cancellationToken)
        {
            var buffered = Math.Min(count, _length - _position);
            _position += buffered;
            count -= buffered;
            if (count == 0)
            {
                return true;
            }
            if (stream.CanSeek)
            {
                if (stream.Position + count > stream.Length)
                {
                    return false;
                }
                stream.Seek(count, SeekOrigin.Current);
                return true;
            }
            while (count > 0)
            {
                if (await NextAsync(cancellationToken) < 0)
                {
                    return false;
                }
                count--;
            }
            return true;
        }
    }
}
