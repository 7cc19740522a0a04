using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Starling.ActivityPub.Signatures;

/// <summary>
/// Checks signatures on requests this server receives, in two steps so the caller can fetch the key in between.
/// <see cref="Parse"/> finds the signature (draft-cavage in <c>Signature</c> or <c>Authorization: Signature</c>, or
/// RFC 9421 in <c>Signature-Input</c> and <c>Signature</c>) and does every check that needs no key:
/// <list type="bullet">
/// <item>it covers the method and path (<c>(request-target)</c>, or <c>@method</c> with <c>@path</c> or <c>@target-uri</c>),
/// the host (<c>host</c>, <c>@authority</c> or <c>@target-uri</c>), a time (<c>date</c> or <c>created</c>), and for a
/// request with a body (or a POST, PUT or PATCH) its digest (<c>digest</c> or <c>content-digest</c>);</item>
/// <item>the covered digest matches the body;</item>
/// <item>it was made at most <see cref="SignatureVerificationOptions.MaxAge"/> ago and not in the future beyond the
/// allowed clock skew, and has not expired;</item>
/// <item>its algorithm is one we verify: <c>rsa-sha256</c> or <c>hs2019</c> (draft-cavage), <c>rsa-v1_5-sha256</c> or
/// <c>rsa-pss-sha512</c> (RFC 9421).</item>
/// </list>
/// <see cref="Verify(ParsedSignature, string)"/> then checks the signature itself with the public key.
/// Every failure carries a reason meant for the server's log.
/// </summary>
public sealed class HttpSignatureVerifier(TimeProvider time, SignatureVerificationOptions? options = null)
{
    private static readonly (HashAlgorithmName, RSASignaturePadding) Pkcs1Sha256 = (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    private static readonly (HashAlgorithmName, RSASignaturePadding) PssSha512 = (HashAlgorithmName.SHA512, RSASignaturePadding.Pss);

    private readonly SignatureVerificationOptions options = options ?? new SignatureVerificationOptions();

    /// <summary>Step 1: find the signature and check everything that does not need the key.</summary>
    public SignatureParseResult Parse(InboundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new InboundMessage(request);
        var signatureInput = request.Headers.GetValues("Signature-Input");
        if (signatureInput.Count > 0)
        {
            return ParseRfc9421(request, message, string.Join(", ", signatureInput), string.Join(", ", request.Headers.GetValues("Signature")));
        }
        var signature = request.Headers.GetValues("Signature");
        if (signature.Count > 1)
        {
            return SignatureParseResult.Failed("the request carries several Signature headers");
        }
        if (signature.Count == 1)
        {
            return ParseDraftCavage(request, message, signature[0]);
        }
        foreach (var authorization in request.Headers.GetValues("Authorization"))
        {
            const string prefix = "Signature ";
            if (authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return ParseDraftCavage(request, message, authorization[prefix.Length..]);
            }
        }
        return SignatureParseResult.NotSigned();
    }

    /// <summary>Step 2: check the signature with the public key (PEM) its <see cref="ParsedSignature.KeyId"/> names.</summary>
    public SignatureVerificationResult Verify(ParsedSignature signature, string publicKeyPem)
    {
        ArgumentNullException.ThrowIfNull(signature);
        using var rsa = RsaKeyPair.TryImportPublicKey(publicKeyPem, out var reason);
        return rsa is null
            ? SignatureVerificationResult.Failure(signature.KeyId, $"{reason} (key {signature.KeyId})")
            : Verify(signature, rsa);
    }

    /// <summary>Step 2 with a key already imported (a caller that caches keys).</summary>
    public SignatureVerificationResult Verify(ParsedSignature signature, RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (publicKey.KeySize < options.MinimumKeySize)
        {
            return SignatureVerificationResult.Failure(signature.KeyId,
                $"the key {signature.KeyId} has {publicKey.KeySize} bits; at least {options.MinimumKeySize} are required");
        }
        foreach (var signatureBase in signature.SignatureBases)
        {
            var data = Encoding.UTF8.GetBytes(signatureBase);
            foreach (var (hash, padding) in signature.Primitives)
            {
                if (VerifyData(publicKey, data, signature.Signature, hash, padding))
                {
                    return SignatureVerificationResult.Success(signature.KeyId);
                }
            }
        }
        return SignatureVerificationResult.Failure(signature.KeyId, $"the {signature} does not match its key");
    }

    private static bool VerifyData(RSA key, byte[] data, byte[] signature, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        try
        {
            return key.VerifyData(data, signature, hash, padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private SignatureParseResult ParseDraftCavage(InboundRequest request, InboundMessage message, string headerValue)
    {
        if (!DraftCavageSignatureHeader.TryParse(headerValue, out var parameters, out var syntaxError))
        {
            return SignatureParseResult.Failed($"the Signature header cannot be read: {syntaxError}");
        }
        if (!parameters.TryGetValue("keyId", out var keyId) || string.IsNullOrWhiteSpace(keyId))
        {
            return SignatureParseResult.Failed("the signature names no keyId");
        }
        if (!parameters.TryGetValue("signature", out var encoded) || !TryDecodeBase64(encoded, out var signatureBytes))
        {
            return SignatureParseResult.Failed($"the signature by {keyId} has no base64 signature value");
        }
        parameters.TryGetValue("algorithm", out var algorithm);
        IReadOnlyList<(HashAlgorithmName, RSASignaturePadding)> primitives;
        switch (algorithm?.ToLowerInvariant())
        {
            case "rsa-sha256":
                primitives = [Pkcs1Sha256];
                break;
            case null or "hs2019":
                // hs2019 leaves the algorithm to the key; with RSA keys peers mean PKCS#1 v1.5 with SHA-256 (a few use PSS).
                primitives = [Pkcs1Sha256, PssSha512];
                break;
            default:
                return SignatureParseResult.Failed($"the signature by {keyId} uses the algorithm '{algorithm}'; only rsa-sha256 and hs2019 are supported");
        }

        var headers = (parameters.TryGetValue("headers", out var list) ? list : DraftCavageSigningString.Created)
            .ToLowerInvariant()
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var covers = new HashSet<string>(headers, StringComparer.Ordinal);
        var missing = MissingCoverage(request, covers.Contains(DraftCavageSigningString.RequestTarget),
            covers.Contains("host"), covers.Contains("date") || covers.Contains(DraftCavageSigningString.Created),
            covers.Contains("digest") || covers.Contains("content-digest"),
            "(request-target)", "host", "date or (created)", "digest");
        if (missing is not null)
        {
            return SignatureParseResult.Failed($"the signature by {keyId} covers ({string.Join(' ', headers)}) but must also cover {missing}");
        }

        parameters.TryGetValue("created", out var createdText);
        parameters.TryGetValue("expires", out var expiresText);
        DateTimeOffset? created = null;
        DateTimeOffset? expires = null;
        if (createdText is not null)
        {
            if (!TryParseUnixTime(createdText, out var value))
            {
                return SignatureParseResult.Failed($"the signature by {keyId} has a created parameter that is not a Unix time ('{createdText}')");
            }
            created = value;
        }
        if (expiresText is not null)
        {
            if (!TryParseUnixTime(expiresText, out var value))
            {
                return SignatureParseResult.Failed($"the signature by {keyId} has an expires parameter that is not a Unix time ('{expiresText}')");
            }
            expires = value;
        }
        if (created is null && !covers.Contains("date"))
        {
            return SignatureParseResult.Failed($"the signature by {keyId} covers (created) but has no created parameter");
        }
        DateTimeOffset? date = null;
        if (covers.Contains("date"))
        {
            var dateValues = request.Headers.GetValues("Date");
            if (dateValues.Count != 1 || !TryParseHttpDate(dateValues[0], out var value))
            {
                return SignatureParseResult.Failed($"the signature by {keyId} covers the Date header, which is {(dateValues.Count == 0 ? "missing" : "not one HTTP date")}");
            }
            date = value;
        }
        var timeProblem = CheckTime(created ?? date!.Value, expires) ?? (created is not null && date is not null ? CheckTime(date.Value, null) : null);
        if (timeProblem is not null)
        {
            return SignatureParseResult.Failed($"the signature by {keyId} {timeProblem}");
        }

        var digestProblem = CheckDigests(request, covers.Contains("digest"), covers.Contains("content-digest"));
        if (digestProblem is not null)
        {
            return SignatureParseResult.Failed($"the signature by {keyId} is over a body that {digestProblem}");
        }

        var bases = new List<string>();
        if (!DraftCavageSigningString.TryBuild(message, headers, createdText, expiresText, includeQuery: true, out var signingString, out var buildError))
        {
            return SignatureParseResult.Failed($"the signature by {keyId} cannot be checked: {buildError}");
        }
        bases.Add(signingString);
        if (message.Query() is not null && covers.Contains(DraftCavageSigningString.RequestTarget)
            && DraftCavageSigningString.TryBuild(message, headers, createdText, expiresText, includeQuery: false, out var withoutQuery, out _))
        {
            // Mastodon long left the query out of (request-target); it still accepts such signatures, and so do we.
            bases.Add(withoutQuery);
        }
        return SignatureParseResult.Found([new ParsedSignature(HttpSignatureScheme.DraftCavage, keyId, algorithm, null, headers,
            created ?? date!.Value, signatureBytes, bases, primitives)]);
    }

    private SignatureParseResult ParseRfc9421(InboundRequest request, InboundMessage message, string inputValue, string signatureValue)
    {
        if (!StructuredFields.TryParseDictionary(inputValue, out var inputs, out var inputError))
        {
            return SignatureParseResult.Failed($"the Signature-Input header is not a structured-field dictionary: {inputError}");
        }
        if (signatureValue.Length == 0)
        {
            return SignatureParseResult.Failed("the request has a Signature-Input header but no Signature header");
        }
        if (!StructuredFields.TryParseDictionary(signatureValue, out var signatures, out var signatureError))
        {
            return SignatureParseResult.Failed($"the Signature header is not a structured-field dictionary: {signatureError}");
        }
        var candidates = new List<ParsedSignature>();
        var problems = new List<string>();
        foreach (var (label, member) in inputs)
        {
            var signature = signatures.FirstOrDefault(s => s.Key == label).Value;
            var candidate = EvaluateRfc9421(request, message, label, member, signature, out var problem);
            if (candidate is not null)
            {
                candidates.Add(candidate);
            }
            else
            {
                problems.Add($"{label}: {problem}");
            }
        }
        if (candidates.Count > 0)
        {
            return SignatureParseResult.Found(candidates);
        }
        return SignatureParseResult.Failed(problems.Count == 0 ? "the Signature-Input header lists no signature" : string.Join("; ", problems));
    }

    private ParsedSignature? EvaluateRfc9421(InboundRequest request, InboundMessage message, string label, object input, object? signature, out string? problem)
    {
        if (input is not SfInnerList covered)
        {
            problem = "its Signature-Input member is not a list of components";
            return null;
        }
        if (signature is not SfItem { Value: byte[] signatureBytes })
        {
            problem = "the Signature header has no byte sequence under this label";
            return null;
        }
        if (covered.Parameters["keyid"] is not string keyId || keyId.Length == 0)
        {
            problem = "it names no keyid";
            return null;
        }
        var algorithm = covered.Parameters["alg"];
        IReadOnlyList<(HashAlgorithmName, RSASignaturePadding)> primitives;
        switch (algorithm)
        {
            case null:
                // Without alg the key decides; for an RSA key that is one of the two RSA algorithms.
                primitives = [Pkcs1Sha256, PssSha512];
                break;
            case "rsa-v1_5-sha256":
                primitives = [Pkcs1Sha256];
                break;
            case "rsa-pss-sha512":
                primitives = [PssSha512];
                break;
            default:
                problem = $"its algorithm {(algorithm is string name ? $"'{name}'" : "parameter")} is not supported (rsa-v1_5-sha256 and rsa-pss-sha512 are)";
                return null;
        }
        if (covered.Parameters["created"] is not long createdSeconds)
        {
            problem = $"the signature by {keyId} has no created parameter";
            return null;
        }
        var expiresParameter = covered.Parameters["expires"];
        if (expiresParameter is not (null or long))
        {
            problem = $"the signature by {keyId} has an expires parameter that is not an integer";
            return null;
        }

        var names = covered.Items.Select(item => item.Value as string ?? "").ToHashSet(StringComparer.Ordinal);
        var targetUri = names.Contains("@target-uri");
        var missing = MissingCoverage(request, names.Contains("@method") && (targetUri || names.Contains("@path") || names.Contains("@request-target")),
            targetUri || names.Contains("@authority") || names.Contains("host"), true, names.Contains("content-digest") || names.Contains("digest"),
            "@method and @path (or @target-uri)", "@authority (or @target-uri)", "created", "content-digest");
        var listed = covered.Items.Select(StructuredFields.SerializeItem).ToList();
        if (missing is not null)
        {
            problem = $"the signature by {keyId} covers ({string.Join(' ', listed)}) but must also cover {missing}";
            return null;
        }

        var created = DateTimeOffset.FromUnixTimeSeconds(createdSeconds);
        var timeProblem = CheckTime(created, expiresParameter is long expires ? DateTimeOffset.FromUnixTimeSeconds(expires) : null);
        if (timeProblem is not null)
        {
            problem = $"the signature by {keyId} {timeProblem}";
            return null;
        }
        var digestProblem = CheckDigests(request, names.Contains("digest"), names.Contains("content-digest"));
        if (digestProblem is not null)
        {
            problem = $"the signature by {keyId} is over a body that {digestProblem}";
            return null;
        }
        if (!Rfc9421SignatureBase.TryBuild(message, covered, out var signatureBase, out var buildError))
        {
            problem = $"the signature by {keyId} cannot be checked: {buildError}";
            return null;
        }
        problem = null;
        return new ParsedSignature(HttpSignatureScheme.Rfc9421, keyId, algorithm as string, label, listed, created,
            signatureBytes, [signatureBase], primitives);
    }

    /// <summary>Names the first thing a signature must cover but does not, or null when it covers enough.</summary>
    private static string? MissingCoverage(InboundRequest request, bool target, bool host, bool time, bool digest,
        string targetName, string hostName, string timeName, string digestName)
    {
        if (!target)
        {
            return targetName;
        }
        if (!host)
        {
            return hostName;
        }
        if (!time)
        {
            return timeName;
        }
        if (!digest && HasBody(request))
        {
            return $"{digestName} (the request has a body)";
        }
        return null;
    }

    private static bool HasBody(InboundRequest request) =>
        !request.Body.IsEmpty || request.Method.ToUpperInvariant() is "POST" or "PUT" or "PATCH";

    private string? CheckTime(DateTimeOffset signedAt, DateTimeOffset? expires)
    {
        var now = time.GetUtcNow();
        if (signedAt > now + options.ClockSkew)
        {
            return $"was made at {Format(signedAt)}, in the future (it is {Format(now)})";
        }
        if (now - signedAt > options.MaxAge)
        {
            return $"was made at {Format(signedAt)}, more than {options.MaxAge.TotalMinutes:0} minutes ago (it is {Format(now)})";
        }
        if (expires is not null && now > expires.Value + options.ClockSkew)
        {
            return $"expired at {Format(expires.Value)} (it is {Format(now)})";
        }
        return null;
    }

    private static string? CheckDigests(InboundRequest request, bool digestCovered, bool contentDigestCovered)
    {
        if (digestCovered)
        {
            var check = CheckDigestHeader(request, BodyDigest.DigestHeader, BodyDigest.VerifyDigest);
            if (check is not null)
            {
                return check;
            }
        }
        return contentDigestCovered ? CheckDigestHeader(request, BodyDigest.ContentDigestHeader, BodyDigest.VerifyContentDigest) : null;
    }

    private delegate DigestCheck DigestVerification(string headerValue, ReadOnlySpan<byte> body);

    private static string? CheckDigestHeader(InboundRequest request, string header, DigestVerification verify)
    {
        var values = request.Headers.GetValues(header);
        if (values.Count == 0)
        {
            return $"has no {header} header, though the signature covers it";
        }
        var check = verify(string.Join(", ", values), request.Body.Span);
        return check.Matches ? null : $"does not match: {check.FailureReason}";
    }

    private static bool TryParseUnixTime(string text, out DateTimeOffset value)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds < 253_402_300_800m)
        {
            value = DateTimeOffset.UnixEpoch.AddSeconds((double)seconds);
            return true;
        }
        value = default;
        return false;
    }

    private static bool TryParseHttpDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
        || DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value);

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written > 0)
        {
            bytes = buffer[..written];
            return true;
        }
        bytes = [];
        return false;
    }

    private static string Format(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
