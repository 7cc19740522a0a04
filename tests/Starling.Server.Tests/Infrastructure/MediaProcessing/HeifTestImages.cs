using System.Buffers.Binary;
using System.Diagnostics;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>
/// Real HEIC and AVIF files made at test time: HEIC with libheif's <c>heif-enc</c> (HEVC by x265), AVIF with ffmpeg's
/// AV1 encoder, from pictures SkiaSharp paints; and the same files with their metadata box changed by hand (a rotation
/// added, a size that lies), as a phone or an attacker would write them.
/// </summary>
public static class HeifTestImages
{
    /// <summary>
    /// <paramref name="pictures"/> (JPEG or PNG) as an HEIC, the first the primary one. A JPEG's EXIF block is carried
    /// over, orientation and all; heif-enc writes no rotation of its own.
    /// </summary>
    public static byte[] Heic(params byte[][] pictures) => Made(pictures, (inputs, output) => ("heif-enc", ["-q", "90", "-o", output, .. inputs]), ".heic");

    /// <summary><paramref name="png"/> as an AVIF still picture, as ffmpeg writes it.</summary>
    public static byte[] Avif(byte[] png) => Made([png], (inputs, output) =>
        ("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", inputs[0], "-frames:v", "1", "-c:v", "libaom-av1", "-still-picture", "1", "-crf", "10", output]), ".avif");

    private static byte[] Made(byte[][] inputs, Func<string[], string, (string Program, string[] Arguments)> command, string extension)
    {
        var folder = Directory.CreateTempSubdirectory("heif-test-image-").FullName;
        try
        {
            // heif-enc tells JPEG from PNG by the name.
            var inputPaths = inputs.Select((input, i) => Path.Combine(folder, $"input-{i}" + (input[0] == 0xFF ? ".jpg" : ".png"))).ToArray();
            foreach (var (input, inputPath) in inputs.Zip(inputPaths))
            {
                File.WriteAllBytes(inputPath, input);
            }
            var outputPath = Path.Combine(folder, "output" + extension);
            var (program, arguments) = command(inputPaths, outputPath);
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{program} failed: {errors.Result}");
            return File.ReadAllBytes(outputPath);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every image-extents property of the file set to <paramref name="width"/>×<paramref name="height"/>, the pictures left as they are.</summary>
    public static byte[] WithExtents(byte[] heif, uint width, uint height)
    {
        var copy = heif.ToArray();
        var found = 0;
        for (var at = copy.AsSpan().IndexOf("ispe"u8); at >= 0; found++)
        {
            // Type, then version and flags, then the two sides.
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at + 8), width);
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at + 12), height);
            var next = copy.AsSpan(at + 4).IndexOf("ispe"u8);
            at = next < 0 ? -1 : at + 4 + next;
        }
        Assert.True(found > 0, "No ispe property in the file.");
        return copy;
    }

    /// <summary>
    /// The file with a rotation property (<c>irot</c>, quarter turns anticlockwise) given to its primary picture, as an
    /// iPhone writes one for a photo taken on its side: the property is added to the property container and to the
    /// primary item's associations, the boxes around them grow, and the item locations after them move along.
    /// </summary>
    public static byte[] WithRotation(byte[] heif, int quarterTurnsAnticlockwise)
    {
        var (metaStart, metaSize) = Box(heif, 0, heif.Length, "meta");
        var children = (Start: metaStart + 12, End: metaStart + metaSize);
        var (iprpStart, iprpSize) = Box(heif, children.Start, children.End, "iprp");
        var (ipcoStart, ipcoSize) = Box(heif, iprpStart + 8, iprpStart + iprpSize, "ipco");
        var (ipmaStart, ipmaSize) = Box(heif, iprpStart + 8, iprpStart + iprpSize, "ipma");
        var (ilocStart, _) = Box(heif, children.Start, children.End, "iloc");
        var (pitmStart, _) = Box(heif, children.Start, children.End, "pitm");
        Assert.True(heif[ipmaStart + 8] == 0 && (heif[ipmaStart + 11] & 1) == 0, "Only ipma version 0 with one-byte indexes is handled.");
        Assert.True(ipcoStart < ipmaStart && iprpStart > ilocStart, "The boxes are not in the order heif-enc writes them.");
        var primary = BinaryPrimitives.ReadUInt16BigEndian(heif.AsSpan(pitmStart + 12));

        var propertyIndex = 1;
        for (var at = ipcoStart + 8; at < ipcoStart + ipcoSize; at += (int)BinaryPrimitives.ReadUInt32BigEndian(heif.AsSpan(at)))
        {
            propertyIndex++;
        }
        byte[] irot = [0, 0, 0, 9, (byte)'i', (byte)'r', (byte)'o', (byte)'t', (byte)(quarterTurnsAnticlockwise & 3)];

        // Where the primary item's association count is, in the ipma entries.
        var count = BinaryPrimitives.ReadUInt32BigEndian(heif.AsSpan(ipmaStart + 12));
        var entry = ipmaStart + 16;
        for (var i = 0; i < count && BinaryPrimitives.ReadUInt16BigEndian(heif.AsSpan(entry)) != primary; i++)
        {
            entry += 3 + heif[entry + 2];
        }
        Assert.Equal(primary, BinaryPrimitives.ReadUInt16BigEndian(heif.AsSpan(entry)));
        var associationEnd = entry + 3 + heif[entry + 2];

        var grown = irot.Length + 1;
        var result = new List<byte>(heif.Length + grown);
        result.AddRange(heif[..(ipcoStart + ipcoSize)]);
        result.AddRange(irot);
        result.AddRange(heif[(ipcoStart + ipcoSize)..associationEnd]);
        result.Add((byte)(0x80 | propertyIndex)); // Essential: a reader that cannot turn it must not show the picture.
        result.AddRange(heif[associationEnd..]);
        var bytes = result.ToArray();
        Grow(bytes, metaStart, grown);
        Grow(bytes, iprpStart, grown);
        Grow(bytes, ipcoStart, irot.Length);
        Grow(bytes, ipmaStart + irot.Length, 1);
        bytes[entry + irot.Length + 2]++;
        MoveLocations(bytes, ilocStart, metaStart + metaSize, grown);
        return bytes;
    }

    private static void Grow(byte[] bytes, int boxStart, int by) =>
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(boxStart), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(boxStart)) + (uint)by);

    /// <summary>Moves every item extent stored in the file after <paramref name="from"/> by <paramref name="by"/> bytes.</summary>
    private static void MoveLocations(byte[] bytes, int iloc, int from, int by)
    {
        var version = bytes[iloc + 8];
        var offsetSize = bytes[iloc + 12] >> 4;
        var lengthSize = bytes[iloc + 12] & 15;
        var baseOffsetSize = bytes[iloc + 13] >> 4;
        var indexSize = version is 1 or 2 ? bytes[iloc + 13] & 15 : 0;
        var at = iloc + 14;
        var items = version < 2 ? BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at)) : (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
        at += version < 2 ? 2 : 4;
        for (var item = 0; item < items; item++)
        {
            at += version < 2 ? 2 : 4; // Item id.
            var method = 0;
            if (version is 1 or 2)
            {
                method = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at)) & 15;
                at += 2;
            }
            at += 2; // Data reference index.
            var baseOffsetAt = at;
            var baseOffset = Read(bytes, at, baseOffsetSize);
            at += baseOffsetSize;
            var extents = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));
            at += 2;
            if (method == 0 && baseOffsetSize > 0 && baseOffset >= from)
            {
                Write(bytes, baseOffsetAt, baseOffsetSize, baseOffset + by);
            }
            for (var extent = 0; extent < extents; extent++)
            {
                at += indexSize;
                var offset = Read(bytes, at, offsetSize);
                if (method == 0 && baseOffset == 0 && offset >= from)
                {
                    Write(bytes, at, offsetSize, offset + by);
                }
                at += offsetSize + lengthSize;
            }
        }
    }

    private static long Read(byte[] bytes, int at, int size) => size switch
    {
        0 => 0,
        4 => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)),
        8 => BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(at)),
        _ => throw new NotSupportedException($"An iloc field of {size} bytes."),
    };

    private static void Write(byte[] bytes, int at, int size, long value)
    {
        if (size == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)value);
        }
        else
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(at), value);
        }
    }

    /// <summary>The box of <paramref name="type"/> among those laid from <paramref name="start"/> to <paramref name="end"/>: where it starts and its size.</summary>
    private static (int Start, int Size) Box(byte[] bytes, int start, int end, string type)
    {
        for (var at = start; at + 8 <= end;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4) == type)
            {
                return (at, size);
            }
            at += size;
        }
        throw new InvalidOperationException($"No {type} box.");
    }
}
