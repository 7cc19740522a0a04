using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Starling.ActivityPub.Signatures;

public enum HttpSignatureScheme
{
    /// <summary>draft-cavage-http-signatures: a <c>Signature</c> (or <c>Authorization: Signature</c>) header.</summary>
    DraftCavage,

    /// <summary>RFC 9421 HTTP Message Signatures: <c>Signature-Input</c> and <c>Signature</c> dictionaries.</summary>
    Rfc9421,
}

/// <summary>
/// A signature that passed every check that needs no key: syntax, a supported algorithm, what it covers, its age,
/// and the body digest. What is left is fetching the key named by <see cref="KeyId"/> and
/// <see cref="HttpSignatureVerifier.Verify(ParsedSignature, string)"/>.
/// </summary>
public sealed class ParsedSignature
{
    internal ParsedSignature(
        HttpSignatureScheme scheme,
        string keyId,
        string? algorithm,
        string? label,
        IReadOnlyList<string> coveredComponents,
        DateTimeOffset signedAt,
        byte[] signature,
        IReadOnlyList<string> signatureBases,
        IReadOnlyList<(HashAlgorithmName, RSASignaturePadding)> primitives)
    {
        Scheme = scheme;
        KeyId = keyId;
        Algorithm = algorithm;
        Label = label;
        CoveredComponents = coveredComponents;
        SignedAt = signedAt;
        Signature = signature;
        SignatureBases = signatureBases;
        Primitives = primitives;
    }

    public HttpSignatureScheme Scheme { get; }

    /// <summary>Names the key to verify with: for ActivityPub, an actor's key id such as <c>https://host/users/a#main-key</c>.</summary>
    public string KeyId { get; }

    /// <summary>The algorithm the signature names, or null when it names none.</summary>
    public string? Algorithm { get; }

    /// <summary>The RFC 9421 label (<c>sig1</c>); null for draft-cavage.</summary>
    public string? Label { get; }

    /// <summary>Headers and components the signature covers, as the signer listed them.</summary>
    public IReadOnlyList<string> CoveredComponents { get; }

    /// <summary>When the signer says it signed: the <c>created</c> parameter, or else the <c>Date</c> header.</summary>
    public DateTimeOffset SignedAt { get; }

    internal byte[] Signature { get; }

    /// <summary>What the signature may have been made over; more than one only for compatibility fallbacks.</summary>
    internal IReadOnlyList<string> SignatureBases { get; }

    internal IReadOnlyList<(HashAlgorithmName Hash, RSASignaturePadding Padding)> Primitives { get; }

    public override string ToString() =>
        $"{(Scheme == HttpSignatureScheme.Rfc9421 ? "RFC 9421" : "draft-cavage")} signature{(Label is null ? "" : " " + Label)} by {KeyId} covering ({string.Join(' ', CoveredComponents)})";
}

/// <summary>The outcome of the first step: a signature to verify, or why there is none.</summary>
public sealed class SignatureParseResult
{
    private SignatureParseResult(bool isSigned, IReadOnlyList<ParsedSignature> candidates, string? failureReason)
    {
        IsSigned = isSigned;
        Candidates = candidates;
        FailureReason = failureReason;
    }

    /// <summary>False when the request carries no signature at all (not even a broken one).</summary>
    public bool IsSigned { get; }

    [MemberNotNullWhen(true, nameof(Signature))]
    [MemberNotNullWhen(false, nameof(FailureReason))]
    public bool Succeeded => Candidates.Count > 0;

    /// <summary>The signature to verify: the first acceptable one in the order the request lists them.</summary>
    public ParsedSignature? Signature => Candidates.Count > 0 ? Candidates[0] : null;

    /// <summary>
    /// Every acceptable signature, in the order the request lists them. Only RFC 9421 requests can carry several;
    /// a caller that cannot verify the first (its key is unknown or not RSA) may try the next.
    /// </summary>
    public IReadOnlyList<ParsedSignature> Candidates { get; }

    /// <summary>Why no signature can be verified, readable in a log.</summary>
    public string? FailureReason { get; }

    internal static SignatureParseResult Found(IReadOnlyList<ParsedSignature> candidates) => new(true, candidates, null);

    internal static SignatureParseResult Failed(string reason) => new(true, [], reason);

    internal static SignatureParseResult NotSigned() => new(false, [], "the request is not signed");
}

/// <summary>The outcome of the second step.</summary>
public sealed record SignatureVerificationResult(bool Succeeded, string KeyId, string? FailureReason)
{
    internal static SignatureVerificationResult Success(string keyId) => new(true, keyId, null);

    internal static SignatureVerificationResult Failure(string keyId, string reason) => new(false, keyId, reason);
}
