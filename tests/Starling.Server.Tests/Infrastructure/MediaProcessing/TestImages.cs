using System.Buffers.Binary;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>The first bytes of images in each accepted format, as real encoders write them, with a chosen size.</summary>
public static class TestImages
{
    public static byte[] Png(int width = 640, int height = 480)
    {
        var bytes = new byte[45];
        ((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8; // Bit depth; the rest of the chunk and the file stay zero.
        return bytes;
    }

    public static byte[] Gif(int width = 32, int height = 16)
    {
        var bytes = new byte[32];
        "GIF89a"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)height);
        return bytes;
    }

    /// <summary>A lossy ("VP8 ") WebP.</summary>
    public static byte[] WebPLossy(int width = 300, int height = 200)
    {
        var bytes = RiffWebP("VP8 ");
        bytes[23] = 0x9D;
        bytes[24] = 0x01;
        bytes[25] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(26), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(28), (ushort)height);
        return bytes;
    }

    /// <summary>A lossless ("VP8L") WebP.</summary>
    public static byte[] WebPLossless(int width = 300, int height = 200)
    {
        var bytes = RiffWebP("VP8L");
        bytes[20] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(21), (uint)((width - 1) | (height - 1) << 14));
        return bytes;
    }

    /// <summary>An extended ("VP8X") WebP, as animated ones are.</summary>
    public static byte[] WebPExtended(int width = 1000, int height = 700)
    {
        var bytes = RiffWebP("VP8X");
        WriteUInt24(bytes.AsSpan(24), width - 1);
        WriteUInt24(bytes.AsSpan(27), height - 1);
        return bytes;
    }

    /// <summary>A JPEG whose frame header comes after <paramref name="metadataBytes"/> of EXIF-like metadata.</summary>
    public static byte[] Jpeg(int width = 800, int height = 600, int metadataBytes = 0)
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        // APP0 "JFIF".
        bytes.AddRange([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        var remaining = metadataBytes;
        while (remaining > 0)
        {
            // APP1 segments of at most 65533 bytes of payload each.
            var payload = Math.Min(remaining, 65533);
            bytes.AddRange([0xFF, 0xE1, (byte)((payload + 2) >> 8), (byte)(payload + 2)]);
            bytes.AddRange(new byte[payload]);
            remaining -= payload;
        }
        // DQT (skipped), then SOF0 with the size.
        bytes.AddRange([0xFF, 0xDB, 0x00, 0x04, 0x00, 0x00]);
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        bytes.AddRange(new byte[9]);
        bytes.AddRange([0xFF, 0xD9]);
        return [.. bytes];
    }

    private static byte[] RiffWebP(string chunk)
    {
        var bytes = new byte[40];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        "WEBP"u8.CopyTo(bytes.AsSpan(8));
        System.Text.Encoding.ASCII.GetBytes(chunk).CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)(bytes.Length - 20));
        return bytes;
    }

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }
}
