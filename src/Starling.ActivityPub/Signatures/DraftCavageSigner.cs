using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Starling.ActivityPub.Signatures;

/// <summary>
/// Signs outgoing requests the way Mastodon does (draft-cavage-http-signatures-12 with <c>rsa-sha256</c>), which every
/// ActivityPub server accepts. Sets <c>Host</c>, <c>Date</c> and, for a request with a body, a SHA-256 <c>Digest</c>;
/// then the <c>Signature</c> header covers <c>(request-target) host date digest</c> for a request with a body and
/// <c>(request-target) host date accept</c> for one without (a signed fetch).
/// </summary>
public sealed class DraftCavageSigner(TimeProvider time)
{
    public const string Algorithm = "rsa-sha256";

    public async Task SignAsync(HttpRequestMessage request, HttpSigningKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        var message = new OutboundMessage(request);
        request.Headers.Host = message.Authority;
        Replace(request, "Date", time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));
        var covered = new List<string> { DraftCavageSigningString.RequestTarget, "host", "date" };
        if (request.Content is not null)
        {
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Replace(request, BodyDigest.DigestHeader, BodyDigest.ComputeDigest(body));
            covered.Add("digest");
        }
        else if (request.Headers.Accept.Count > 0)
        {
            covered.Add("accept");
        }

        if (!DraftCavageSigningString.TryBuild(message, covered, null, null, includeQuery: true, out var signingString, out var error))
        {
            throw new InvalidOperationException("The request cannot be signed: " + error);
        }
        var signature = key.Sign(Encoding.UTF8.GetBytes(signingString), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Replace(request, "Signature",
            $"keyId=\"{Escape(key.KeyId)}\",algorithm=\"{Algorithm}\",headers=\"{string.Join(' ', covered)}\",signature=\"{Convert.ToBase64String(signature)}\"");
    }

    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
