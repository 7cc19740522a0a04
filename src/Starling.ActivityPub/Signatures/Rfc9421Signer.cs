using System.Security.Cryptography;
using System.Text;

namespace Starling.ActivityPub.Signatures;

/// <summary>The RSA algorithms of RFC 9421 §3.3 this library signs and verifies with.</summary>
public enum Rfc9421Algorithm
{
    /// <summary><c>rsa-v1_5-sha256</c>: RSASSA-PKCS1-v1_5 with SHA-256, what Mastodon and Fedify send.</summary>
    RsaV15Sha256,

    /// <summary><c>rsa-pss-sha512</c>: RSASSA-PSS with SHA-512 and a 64-byte salt.</summary>
    RsaPssSha512,
}

public sealed record Rfc9421SigningOptions
{
    /// <summary>The dictionary key the signature travels under in <c>Signature-Input</c> and <c>Signature</c>.</summary>
    public string Label { get; init; } = "sig1";

    /// <summary>
    /// Covered components, in order. Null covers <c>@method</c> and <c>@target-uri</c>, plus <c>content-digest</c>
    /// when the request has a body.
    /// </summary>
    public IReadOnlyList<string>? Components { get; init; }

    public Rfc9421Algorithm Algorithm { get; init; } = Rfc9421Algorithm.RsaV15Sha256;

    /// <summary>When set, the signature carries <c>expires</c> this long after <c>created</c>.</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>Whether to name the algorithm in an <c>alg</c> parameter (verifiers may otherwise infer it from the key).</summary>
    public bool IncludeAlgorithm { get; init; } = true;
}

/// <summary>
/// Signs outgoing requests with HTTP Message Signatures (RFC 9421): adds a SHA-256 <c>Content-Digest</c> for a body
/// (unless the request already has one), then <c>Signature-Input</c> and <c>Signature</c> with <c>created</c>,
/// <c>keyid</c> and, if asked, <c>alg</c> and <c>expires</c>. A request that already carries a signature keeps it;
/// the new one is added beside it.
/// </summary>
public sealed class Rfc9421Signer(TimeProvider time)
{
    public async Task SignAsync(HttpRequestMessage request, HttpSigningKey key, Rfc9421SigningOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        options ??= new Rfc9421SigningOptions();
        if (!StructuredFields.TryParseDictionary(options.Label + "=?1", out var probe, out _) || probe.Count != 1 || probe[0].Key != options.Label)
        {
            throw new ArgumentException($"'{options.Label}' cannot be a signature label: labels are lowercase structured-field keys.", nameof(options));
        }
        var message = new OutboundMessage(request);
        if (request.Content is not null && !request.Headers.Contains(BodyDigest.ContentDigestHeader))
        {
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            request.Headers.TryAddWithoutValidation(BodyDigest.ContentDigestHeader, BodyDigest.ComputeContentDigest(body));
        }

        var names = options.Components
            ?? (request.Content is null ? ["@method", "@target-uri"] : ["@method", "@target-uri", "content-digest"]);
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var parameters = new SfParameters();
        parameters.Set("created", created);
        parameters.Set("keyid", key.KeyId);
        if (options.IncludeAlgorithm)
        {
            parameters.Set("alg", AlgorithmName(options.Algorithm));
        }
        if (options.Lifetime is { } lifetime)
        {
            parameters.Set("expires", created + (long)lifetime.TotalSeconds);
        }
        var covered = new SfInnerList(names.Select(name => new SfItem(name, SfParameters.Empty)).ToList(), parameters);
        if (!Rfc9421SignatureBase.TryBuild(message, covered, out var signatureBase, out var error))
        {
            throw new InvalidOperationException("The request cannot be signed: " + error);
        }
        var (hash, padding) = Primitive(options.Algorithm);
        var signature = key.Sign(Encoding.UTF8.GetBytes(signatureBase), hash, padding);
        request.Headers.TryAddWithoutValidation("Signature-Input", $"{options.Label}={StructuredFields.SerializeInnerList(covered)}");
        request.Headers.TryAddWithoutValidation("Signature", $"{options.Label}=:{Convert.ToBase64String(signature)}:");
    }

    internal static string AlgorithmName(Rfc9421Algorithm algorithm) => algorithm switch
    {
        Rfc9421Algorithm.RsaPssSha512 => "rsa-pss-sha512",
        _ => "rsa-v1_5-sha256",
    };

    internal static (HashAlgorithmName Hash, RSASignaturePadding Padding) Primitive(Rfc9421Algorithm algorithm) => algorithm switch
    {
        Rfc9421Algorithm.RsaPssSha512 => (HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
        _ => (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
    };
}
