using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>
/// Whole images that decode, made with SkiaSharp's encoders (and by hand where it has none: GIF, EXIF, bombs), unlike
/// <see cref="TestImages"/>, which makes only their first bytes.
/// </summary>
public static class EncodedTestImages
{
    public static readonly SKColor Red = new(230, 20, 20), Green = new(20, 200, 40), Blue = new(20, 40, 230), Yellow = new(240, 230, 20);

    /// <summary>Red top left, green top right, blue bottom left, yellow bottom right: any turn or mirror shows.</summary>
    public static SKBitmap Quadrants(int width, int height) => Paint(width, height, (x, y) =>
        (x < width / 2, y < height / 2) switch
        {
            (true, true) => Red,
            (false, true) => Green,
            (true, false) => Blue,
            _ => Yellow,
        });

    public static SKBitmap Solid(int width, int height, SKColor colour) => Paint(width, height, (_, _) => colour);

    public static SKBitmap Paint(int width, int height, Func<int, int, SKColor> colourAt)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        // Written straight into the pixel memory: SetPixel goes through the native library once a pixel, and is slow.
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var colour = colourAt(x, y);
                var at = (y * width + x) * 4;
                pixels[at] = (byte)(colour.Red * colour.Alpha / 255);
                pixels[at + 1] = (byte)(colour.Green * colour.Alpha / 255);
                pixels[at + 2] = (byte)(colour.Blue * colour.Alpha / 255);
                pixels[at + 3] = colour.Alpha;
            }
        }
        bitmap.NotifyPixelsChanged();
        return bitmap;
    }

    /// <summary>Coloured noise, which compresses badly, so that a file has a body worth cutting short.</summary>
    public static SKBitmap Noise(int width, int height, int seed = 7)
    {
        var random = new Random(seed);
        return Paint(width, height, (_, _) => new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 95)
    {
        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp cannot encode {format}.");
        return data.ToArray();
    }

    public static byte[] Jpeg(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Jpeg);

    public static byte[] Png(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Png);

    public static byte[] WebP(SKBitmap bitmap, bool lossless = false)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKWebpEncoderOptions(lossless ? SKWebpEncoderCompression.Lossless : SKWebpEncoderCompression.Lossy, 90))
            ?? throw new InvalidOperationException("SkiaSharp cannot encode WebP.");
        return data.ToArray();
    }

    /// <summary>
    /// A GIF of one or more frames of the picture's colours (up to 256 distinct), LZW-coded the simple way: 9-bit
    /// codes, one per pixel, with a clear code often enough that the code size never grows.
    /// </summary>
    public static byte[] Gif(params SKBitmap[] frames)
    {
        var width = frames[0].Width;
        var height = frames[0].Height;
        var palette = frames.SelectMany(Pixels).Distinct().ToList();
        if (palette.Count > 256)
        {
            throw new ArgumentException("A GIF holds at most 256 colours.", nameof(frames));
        }
        while (palette.Count < 256)
        {
            palette.Add(SKColors.Black);
        }
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        AddUInt16(gif, width);
        AddUInt16(gif, height);
        gif.AddRange([0xF7, 0, 0]); // Global colour table of 256 entries.
        foreach (var colour in palette)
        {
            gif.AddRange([colour.Red, colour.Green, colour.Blue]);
        }
        if (frames.Length > 1)
        {
            gif.AddRange([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8.ToArray(), 0x03, 0x01, 0x00, 0x00, 0x00]); // Loop forever.
        }
        foreach (var frame in frames)
        {
            gif.AddRange([0x21, 0xF9, 0x04, 0x00, 10, 0, 0, 0]); // A tenth of a second per frame.
            gif.Add(0x2C);
            AddUInt16(gif, 0);
            AddUInt16(gif, 0);
            AddUInt16(gif, width);
            AddUInt16(gif, height);
            gif.Add(0);
            gif.Add(8); // LZW minimum code size.
            var codes = Lzw(Pixels(frame).Select(p => palette.IndexOf(p)).ToList());
            for (var i = 0; i < codes.Length; i += 255)
            {
                var block = codes.AsSpan(i, Math.Min(255, codes.Length - i));
                gif.Add((byte)block.Length);
                gif.AddRange(block.ToArray());
            }
            gif.Add(0);
        }
        gif.Add(0x3B);
        return [.. gif];
    }

    /// <summary>
    /// A JPEG with an EXIF segment put in by hand after its start: the orientation, a camera make, and a GPS folder
    /// with the latitude and longitude of <see cref="GpsLatitude"/> and <see cref="GpsLongitude"/>.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, int orientation)
    {
        var tiff = new byte[180];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        // The first folder, at 8: make, orientation and where the GPS folder is.
        var at = 8;
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), 3);
        Entry(tiff, at + 2, 0x010F, 2, (uint)CameraMake.Length, 50); // Make, ASCII, stored at 50.
        Entry(tiff, at + 14, 0x0112, 3, 1, (uint)orientation << 16); // Orientation, a short in the first half.
        Entry(tiff, at + 26, 0x8825, 4, 1, 66); // GPS folder at 66.
        CameraMake.CopyTo(tiff, 50);
        // The GPS folder, at 66: north, latitude, east, longitude; the rationals at 120 and 144.
        at = 66;
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), 4);
        Entry(tiff, at + 2, 0x0001, 2, 2, (uint)'N' << 24);
        Entry(tiff, at + 14, 0x0002, 5, 3, 120);
        Entry(tiff, at + 26, 0x0003, 2, 2, (uint)'E' << 24);
        Entry(tiff, at + 38, 0x0004, 5, 3, 144);
        GpsLatitude.CopyTo(tiff, 120);
        GpsLongitude.CopyTo(tiff, 144);
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        byte[] segment = [0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    public static readonly byte[] CameraMake = "SecretCam 9000\0"u8.ToArray();

    /// <summary>51° 30' 26.2", as three big-endian rationals.</summary>
    public static readonly byte[] GpsLatitude = Rationals((51, 1), (30, 1), (2621, 100));

    /// <summary>0° 7' 40.79".</summary>
    public static readonly byte[] GpsLongitude = Rationals((0, 1), (7, 1), (4079, 100));

    /// <summary>
    /// The start of a PNG of <paramref name="width"/>×<paramref name="height"/> pixels: a valid header and the first
    /// rows of its image data, as a decompression bomb begins; the decoder would ask for the whole size.
    /// </summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var png = new List<byte> { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // Bit depth.
        header[9] = 2; // RGB.
        Chunk(png, "IHDR", header);
        var rows = new MemoryStream();
        using (var zlib = new ZLibStream(rows, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(new byte[(width * 3 + 1) * 4]); // Four rows of black, each after its filter byte.
        }
        Chunk(png, "IDAT", rows.ToArray());
        return [.. png];
    }

    private static void Chunk(List<byte> png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.AddRange(length);
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.AddRange(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.AddRange(crc);
    }

    /// <summary>A 16×8 red AVIF still picture, as ffmpeg's libaom encoder writes it.</summary>
    public static byte[] Avif() => Convert.FromBase64String(
        "AAAAIGZ0eXBhdmlmAAAAAGF2aWZtaWYxbWlhZk1BMUIAAAD5bWV0YQAAAAAAAAAvaGRscgAAAAAAAAAAcGljdAAAAAAAAAAAAAAAAFBpY3R1cmVIYW5kbGVyAAAAAA5waXRtAAAAAAABAAAAHmlsb2MAAAAARAAAAQABAAAAAQAAASEAAAAbAAAAKGlpbmYAAAAAAAEAAAAaaW5mZQIAAAAAAQAAYXYwMUNvbG9yAAAAAGppcHJwAAAAS2lwY28AAAAUaXNwZQAAAAAAAAAQAAAACAAAABBwaXhpAAAAAAMICAgAAAAMYXYxQ4EADAAAAAATY29scm5jbHgAAgACAAIAAAAAF2lwbWEAAAAAAAAAAQABBAECgwQAAAAjbWRhdAoFGAy/tgEyEhgAAABQAAAAD1ltwbcN3z7Hqg==");

    /// <summary>An ISO base media file-type box with these brands (the first is the major one), then filler.</summary>
    public static byte[] FileTypeBox(params string[] brands)
    {
        var box = new byte[16 + 4 * (brands.Length - 1) + 64];
        var length = 16 + 4 * (brands.Length - 1);
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)length);
        "ftyp"u8.CopyTo(box.AsSpan(4));
        System.Text.Encoding.ASCII.GetBytes(brands[0]).CopyTo(box, 8);
        for (var i = 1; i < brands.Length; i++)
        {
            System.Text.Encoding.ASCII.GetBytes(brands[i]).CopyTo(box, 16 + 4 * (i - 1));
        }
        BinaryPrimitives.WriteUInt32BigEndian(box.AsSpan(length), 64);
        "meta"u8.CopyTo(box.AsSpan(length + 4));
        return box;
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }

    private static IEnumerable<SKColor> Pixels(SKBitmap bitmap)
    {
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                yield return bitmap.GetPixel(x, y);
            }
        }
    }

    private static byte[] Lzw(List<int> indices)
    {
        const int clear = 256, end = 257;
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        void Write(int code)
        {
            buffer |= code << bits;
            bits += 9;
            while (bits >= 8)
            {
                output.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        for (var i = 0; i < indices.Count; i++)
        {
            if (i % 100 == 0)
            {
                Write(clear);
            }
            Write(indices[i]);
        }
        Write(end);
        if (bits > 0)
        {
            output.Add((byte)buffer);
        }
        return [.. output];
    }

    private static void Entry(byte[] tiff, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 4), count);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 8), value);
    }

    private static byte[] Rationals(params (uint Numerator, uint Denominator)[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8 * i), values[i].Numerator);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8 * i + 4), values[i].Denominator);
        }
        return bytes;
    }

    private static void AddUInt16(List<byte> bytes, int value)
    {
        bytes.Add((byte)value);
        bytes.Add((byte)(value >> 8));
    }
}
