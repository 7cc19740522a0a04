using System.Buffers.Binary;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// What an HEIF file (HEIC, AVIF) says of its pictures before any of them is decoded, read from its metadata box:
/// the primary picture's size from its image-extents property (<c>ispe</c>), and the pictures a decoder writes out.
/// </summary>
/// <param name="Width">The primary picture's stored width, before any rotation.</param>
/// <param name="Sizes">Every picture item's size (tiles, thumbnails and auxiliary pictures too), for the limits.</param>
/// <param name="TopLevel">The size of each picture libheif writes out, in its order; the primary is one of them.</param>
/// <param name="PrimaryIndex">The primary picture's place among <paramref name="TopLevel"/>.</param>
internal sealed record HeifHeader(long Width, long Height, IReadOnlyList<(long Width, long Height)> Sizes,
    IReadOnlyList<(long Width, long Height)> TopLevel, int PrimaryIndex)
{
    /// <summary>
    /// Far above a phone's (an iPhone's 48-megapixel photo has some two hundred items, a few kilobytes of metadata):
    /// a larger metadata box is not read into memory.
    /// </summary>
    private const int MaxMetaLength = 4 * 1024 * 1024;

    /// <summary>Item types libheif decodes as pictures: HEVC and AV1 coded pictures, and the ones derived from them.</summary>
    private static readonly HashSet<string> PictureTypes = ["hvc1", "av01", "grid", "iden", "iovl"];

    /// <summary>
    /// Reads the file's top-level boxes to its metadata box and what the header tells from it. Null when the file is
    /// damaged, cut short or not laid out as the format says (no primary item, no size for it).
    /// </summary>
    public static HeifHeader? Read(string path)
    {
        using var file = File.OpenRead(path);
        var meta = ReadMetaBox(file);
        return meta is null ? null : Parse(meta);
    }

    private static byte[]? ReadMetaBox(FileStream file)
    {
        Span<byte> header = stackalloc byte[16];
        while (file.Position < file.Length)
        {
            var start = file.Position;
            if (file.ReadAtLeast(header[..8], 8, throwOnEndOfStream: false) < 8)
            {
                return null;
            }
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerLength = 8;
            if (size == 1)
            {
                if (file.ReadAtLeast(header[8..16], 8, throwOnEndOfStream: false) < 8)
                {
                    return null;
                }
                size = BinaryPrimitives.ReadInt64BigEndian(header[8..]);
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = file.Length - start; // The last box runs to the end of the file.
            }
            if (size < headerLength || start + size > file.Length)
            {
                return null;
            }
            if (header[4..8].SequenceEqual("meta"u8))
            {
                if (size > MaxMetaLength)
                {
                    return null;
                }
                var body = new byte[size - headerLength];
                return file.ReadAtLeast(body, body.Length, throwOnEndOfStream: false) == body.Length ? body : null;
            }
            file.Position = start + size;
        }
        return null;
    }

    private static HeifHeader? Parse(byte[] meta)
    {
        // The metadata box is a full box: a version and flags before its children.
        if (meta.Length < 4)
        {
            return null;
        }
        uint? primary = null;
        var items = new List<(uint Id, string Type, bool Hidden)>();
        var notTopLevel = new HashSet<uint>();
        var properties = new List<(string Type, byte[] Body)>();
        var associations = new Dictionary<uint, List<int>>();
        foreach (var (type, body) in Children(meta.AsMemory(4)))
        {
            var span = body.Span;
            switch (type)
            {
                case "pitm":
                    if (span.Length >= 6 && span[0] == 0)
                    {
                        primary = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
                    }
                    else if (span.Length >= 8)
                    {
                        primary = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
                    }
                    break;
                case "iinf":
                    if (span.Length < 4)
                    {
                        return null;
                    }
                    var entries = span[0] == 0 ? 6 : 8;
                    foreach (var (entryType, entry) in Children(body[Math.Min(entries, body.Length)..]))
                    {
                        if (entryType == "infe" && Item(entry.Span) is { } item)
                        {
                            items.Add(item);
                        }
                    }
                    break;
                case "iref":
                    if (span.Length < 4)
                    {
                        return null;
                    }
                    var wide = span[0] != 0;
                    foreach (var (referenceType, reference) in Children(body[4..]))
                    {
                        // A thumbnail and an auxiliary picture (alpha, depth) belong to another picture, not beside it.
                        if (referenceType is "thmb" or "auxl" && reference.Length >= (wide ? 4 : 2))
                        {
                            notTopLevel.Add(wide ? BinaryPrimitives.ReadUInt32BigEndian(reference.Span) : BinaryPrimitives.ReadUInt16BigEndian(reference.Span));
                        }
                    }
                    break;
                case "iprp":
                    foreach (var (childType, child) in Children(body))
                    {
                        if (childType == "ipco")
                        {
                            properties.AddRange(Children(child).Select(p => (p.Type, p.Body.ToArray())));
                        }
                        else if (childType == "ipma" && !ReadAssociations(child.Span, associations))
                        {
                            return null;
                        }
                    }
                    break;
            }
        }
        if (primary is not { } primaryId)
        {
            return null;
        }

        (long, long)? SizeOf(uint id)
        {
            foreach (var index in associations.GetValueOrDefault(id) ?? [])
            {
                // Property indexes count from one; nought means none.
                if (index >= 1 && index <= properties.Count && properties[index - 1] is ("ispe", { Length: >= 12 } ispe))
                {
                    return (BinaryPrimitives.ReadUInt32BigEndian(ispe.AsSpan(4)), BinaryPrimitives.ReadUInt32BigEndian(ispe.AsSpan(8)));
                }
            }
            return null;
        }

        var pictures = items.Where(item => PictureTypes.Contains(item.Type)).ToList();
        // libheif lists them by item id.
        var topLevel = pictures.Where(item => !item.Hidden && !notTopLevel.Contains(item.Id)).OrderBy(item => item.Id).ToList();
        var primaryIndex = topLevel.FindIndex(item => item.Id == primaryId);
        if (primaryIndex < 0 || SizeOf(primaryId) is not { } primarySize)
        {
            return null;
        }
        var (width, height) = primarySize;
        var sizes = pictures.Select(item => SizeOf(item.Id)).OfType<(long, long)>().ToList();
        // A top-level picture without a size is not decoded by libheif either; it counts as none.
        var topLevelSizes = topLevel.Select(item => SizeOf(item.Id) ?? (0, 0)).ToList();
        return new HeifHeader(width, height, sizes, topLevelSizes, primaryIndex);
    }

    /// <summary>An item-information entry of version 2 or 3, the ones that name a type; null for others.</summary>
    private static (uint Id, string Type, bool Hidden)? Item(ReadOnlySpan<byte> entry)
    {
        if (entry.Length < 4 || entry[0] is not (2 or 3))
        {
            return null;
        }
        var hidden = (entry[3] & 1) != 0;
        if (entry[0] == 2)
        {
            return entry.Length >= 12 ? (BinaryPrimitives.ReadUInt16BigEndian(entry[4..]), System.Text.Encoding.ASCII.GetString(entry[8..12]), hidden) : null;
        }
        return entry.Length >= 14 ? (BinaryPrimitives.ReadUInt32BigEndian(entry[4..]), System.Text.Encoding.ASCII.GetString(entry[10..14]), hidden) : null;
    }

    /// <summary>Which properties each item has: an item id, then a count of one- or two-byte property indexes.</summary>
    private static bool ReadAssociations(ReadOnlySpan<byte> ipma, Dictionary<uint, List<int>> associations)
    {
        if (ipma.Length < 8)
        {
            return false;
        }
        var (version, wideIndexes) = (ipma[0], (ipma[3] & 1) != 0);
        var count = BinaryPrimitives.ReadUInt32BigEndian(ipma[4..]);
        var at = 8;
        for (var entry = 0u; entry < count; entry++)
        {
            var idLength = version < 1 ? 2 : 4;
            if (at + idLength + 1 > ipma.Length)
            {
                return false;
            }
            var id = version < 1 ? BinaryPrimitives.ReadUInt16BigEndian(ipma[at..]) : BinaryPrimitives.ReadUInt32BigEndian(ipma[at..]);
            at += idLength;
            int associationCount = ipma[at++];
            var indexLength = wideIndexes ? 2 : 1;
            if (at + associationCount * indexLength > ipma.Length)
            {
                return false;
            }
            var list = associations.TryGetValue(id, out var known) ? known : associations[id] = [];
            for (var i = 0; i < associationCount; i++, at += indexLength)
            {
                // The top bit says whether the property is essential; the rest is its index.
                list.Add(wideIndexes ? BinaryPrimitives.ReadUInt16BigEndian(ipma[at..]) & 0x7FFF : ipma[at] & 0x7F);
            }
        }
        return true;
    }

    /// <summary>The boxes laid one after another in <paramref name="data"/>, as (type, body); a box running past the end ends the list.</summary>
    private static IEnumerable<(string Type, ReadOnlyMemory<byte> Body)> Children(ReadOnlyMemory<byte> data)
    {
        var at = 0;
        while (at + 8 <= data.Length)
        {
            var span = data.Span[at..];
            long size = BinaryPrimitives.ReadUInt32BigEndian(span);
            var headerLength = 8;
            if (size == 1)
            {
                if (span.Length < 16)
                {
                    yield break;
                }
                size = BinaryPrimitives.ReadInt64BigEndian(span[8..]);
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = span.Length;
            }
            if (size < headerLength || size > span.Length)
            {
                yield break;
            }
            var type = System.Text.Encoding.ASCII.GetString(span[4..8]);
            yield return (type, data.Slice(at + headerLength, (int)size - headerLength));
            at += (int)size;
        }
    }
}
