using System.Security.Cryptography;

namespace Starling.ActivityPub.Signatures;

/// <summary>Whether a digest header matches the body, and if not, why (for the log).</summary>
public readonly record struct DigestCheck(bool Matches, string? FailureReason)
{
    internal static DigestCheck Match => new(true, null);

    internal static DigestCheck Mismatch(string reason) => new(false, reason);
}

/// <summary>
/// Body digests in both forms peers send: <c>Digest: SHA-256=&lt;base64&gt;</c> (RFC 3230, used with draft-cavage
/// signatures) and <c>Content-Digest: sha-256=:&lt;base64&gt;:</c> (RFC 9530, used with RFC 9421 signatures). Both
/// SHA-256 and SHA-512 are checked; other algorithms are ignored, and a header naming none we know fails.
/// </summary>
public static class BodyDigest
{
    public const string DigestHeader = "Digest";
    public const string ContentDigestHeader = "Content-Digest";

    public static string ComputeDigest(ReadOnlySpan<byte> body) => "SHA-256=" + Convert.ToBase64String(SHA256.HashData(body));

    public static string ComputeContentDigest(ReadOnlySpan<byte> body) => "sha-256=:" + Convert.ToBase64String(SHA256.HashData(body)) + ":";

    /// <summary>Checks a <c>Digest</c> header value (several comma-separated <c>algorithm=base64</c> pairs allowed).</summary>
    public static DigestCheck VerifyDigest(string headerValue, ReadOnlySpan<byte> body)
    {
        var checkedAny = false;
        var offered = new List<string>();
        foreach (var part in headerValue.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return DigestCheck.Mismatch($"the Digest header is malformed ('{Shorten(part)}')");
            }
            var algorithm = part[..equals].Trim();
            offered.Add(algorithm);
            var hash = HashFor(algorithm);
            if (hash is null)
            {
                continue;
            }
            var value = part[(equals + 1)..].Trim();
            if (!TryDecodeBase64(value, out var given))
            {
                return DigestCheck.Mismatch($"the Digest header's {algorithm} value is not base64");
            }
            var check = Compare(algorithm, hash.Value, given, body, "Digest");
            if (!check.Matches)
            {
                return check;
            }
            checkedAny = true;
        }
        return checkedAny
            ? DigestCheck.Match
            : DigestCheck.Mismatch($"the Digest header offers no SHA-256 or SHA-512 value (offered: {Offered(offered)})");
    }

    /// <summary>Checks a <c>Content-Digest</c> header value, a structured-field dictionary of byte sequences.</summary>
    public static DigestCheck VerifyContentDigest(string headerValue, ReadOnlySpan<byte> body)
    {
        if (!StructuredFields.TryParseDictionary(headerValue, out var members, out var error))
        {
            return DigestCheck.Mismatch($"the Content-Digest header is not a structured-field dictionary: {error}");
        }
        var checkedAny = false;
        foreach (var (algorithm, member) in members)
        {
            var hash = HashFor(algorithm);
            if (hash is null)
            {
                continue;
            }
            if (member is not SfItem { Value: byte[] given })
            {
                return DigestCheck.Mismatch($"the Content-Digest header's {algorithm} value is not a byte sequence");
            }
            var check = Compare(algorithm, hash.Value, given, body, "Content-Digest");
            if (!check.Matches)
            {
                return check;
            }
            checkedAny = true;
        }
        return checkedAny
            ? DigestCheck.Match
            : DigestCheck.Mismatch($"the Content-Digest header offers no sha-256 or sha-512 value (offered: {Offered(members.Select(m => m.Key))})");
    }

    private static DigestCheck Compare(string algorithm, HashAlgorithmName hash, byte[] given, ReadOnlySpan<byte> body, string header)
    {
        var computed = hash == HashAlgorithmName.SHA512 ? SHA512.HashData(body) : SHA256.HashData(body);
        if (given.Length != computed.Length)
        {
            return DigestCheck.Mismatch($"the {header} header's {algorithm} value has {given.Length} bytes, not {computed.Length}");
        }
        return CryptographicOperations.FixedTimeEquals(given, computed)
            ? DigestCheck.Match
            : DigestCheck.Mismatch($"the {header} header does not match the body (computed {algorithm}={Convert.ToBase64String(computed)}, given {Convert.ToBase64String(given)})");
    }

    private static HashAlgorithmName? HashFor(string algorithm) => algorithm.ToLowerInvariant() switch
    {
        "sha-256" => HashAlgorithmName.SHA256,
        "sha-512" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static bool TryDecodeBase64(string value, out byte[] bytes)
    {
        var buffer = new byte[value.Length];
        if (Convert.TryFromBase64String(value, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }
        bytes = [];
        return false;
    }

    private static string Offered(IEnumerable<string> algorithms)
    {
        var list = string.Join(", ", algorithms.Select(Shorten));
        return list.Length == 0 ? "nothing" : list;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
