using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Starling.ActivityPub.Signatures;

namespace Starling.ActivityPub.Tests.Signatures;

public sealed class DraftCavageVerificationTests
{
    private static readonly FixedClock SigningTime = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private static async Task<InboundRequest> SignedInboxPost(string body = Requests.ActivityJson)
    {
        var request = Requests.InboxPost(body: body);
        using var key = TestKeys.AliceSigningKey();
        await new DraftCavageSigner(SigningTime).SignAsync(request, key);
        return await Requests.Receive(request);
    }

    /// <summary>Parses and verifies with Alice's public key; the result says where it stopped, if it did.</summary>
    private static (bool Succeeded, string? Reason) Check(InboundRequest request, TimeProvider? clock = null, string? publicKeyPem = null)
    {
        var verifier = new HttpSignatureVerifier(clock ?? SigningTime);
        var parsed = verifier.Parse(request);
        if (!parsed.Succeeded)
        {
            return (false, parsed.FailureReason);
        }
        var verified = verifier.Verify(parsed.Signature, publicKeyPem ?? TestKeys.Alice.PublicKeyPem);
        return (verified.Succeeded, verified.FailureReason);
    }

    /// <summary>A draft-cavage signature over any header list, made the way a peer with other habits would.</summary>
    private static InboundRequest SignAs(InboundRequest request, string headers, string? algorithm = "rsa-sha256",
        long? created = null, long? expires = null, bool queryInTarget = true, string header = "Signature")
    {
        var createdText = created?.ToString(CultureInfo.InvariantCulture);
        var expiresText = expires?.ToString(CultureInfo.InvariantCulture);
        Assert.True(DraftCavageSigningString.TryBuild(new InboundMessage(request), headers.Split(' '), createdText, expiresText, queryInTarget, out var signingString, out var error), error);
        using var key = TestKeys.AliceSigningKey();
        var signature = Convert.ToBase64String(key.Sign(Encoding.UTF8.GetBytes(signingString), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var value = $"keyId=\"{TestKeys.AliceKeyId}\"" + (algorithm is null ? "" : $",algorithm=\"{algorithm}\"") + $",headers=\"{headers}\""
            + (created is null ? "" : $",created={createdText}") + (expires is null ? "" : $",expires={expiresText}")
            + $",signature=\"{signature}\"";
        return request.Without("Signature").With(header, header == "Authorization" ? "Signature " + value : value);
    }

    [Fact]
    public async Task A_signed_delivery_verifies()
    {
        var request = await SignedInboxPost();
        var verifier = new HttpSignatureVerifier(SigningTime);

        var parsed = verifier.Parse(request);

        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal(TestKeys.AliceKeyId, parsed.Signature.KeyId);
        Assert.Equal(["(request-target)", "host", "date", "digest"], parsed.Signature.CoveredComponents);
        Assert.Equal(SigningTime.GetUtcNow(), parsed.Signature.SignedAt);
        var verified = verifier.Verify(parsed.Signature, TestKeys.Alice.PublicKeyPem);
        Assert.True(verified.Succeeded, verified.FailureReason);
        Assert.Equal(TestKeys.AliceKeyId, verified.KeyId);
    }

    [Fact]
    public async Task A_signed_fetch_covers_accept_and_verifies()
    {
        var request = Requests.SignedFetch();
        using var key = TestKeys.AliceSigningKey();
        await new DraftCavageSigner(SigningTime).SignAsync(request, key);
        var received = await Requests.Receive(request);

        Assert.Contains("headers=\"(request-target) host date accept\"", received.Headers.GetValues("Signature")[0]);
        Assert.Equal((true, null), Check(received));
    }

    [Fact]
    public async Task A_changed_body_no_longer_matches_the_digest()
    {
        var request = await SignedInboxPost();

        var (succeeded, reason) = Check(request with { Body = Encoding.UTF8.GetBytes(Requests.ActivityJson.Replace("bob", "carol")) });

        Assert.False(succeeded);
        Assert.Contains("Digest header does not match the body", reason);
    }

    [Fact]
    public async Task A_changed_body_with_a_recomputed_digest_no_longer_matches_the_signature()
    {
        var request = await SignedInboxPost();
        var forged = Encoding.UTF8.GetBytes(Requests.ActivityJson.Replace("bob", "carol"));

        var (succeeded, reason) = Check((request with { Body = forged }).With("Digest", BodyDigest.ComputeDigest(forged)));

        Assert.False(succeeded);
        Assert.Contains("does not match its key", reason);
    }

    [Fact]
    public async Task A_changed_signed_header_no_longer_matches_the_signature()
    {
        var request = await SignedInboxPost();

        var (succeeded, reason) = Check(request.With("Date", SigningTime.GetUtcNow().AddSeconds(1).ToString("r", CultureInfo.InvariantCulture)));

        Assert.False(succeeded);
        Assert.Contains("does not match its key", reason);
    }

    [Fact]
    public async Task A_signature_for_another_inbox_does_not_verify_here()
    {
        var request = await SignedInboxPost();

        Assert.False(Check(request with { PathAndQuery = "/users/carol/inbox" }).Succeeded);
    }

    [Fact]
    public async Task The_host_checked_is_the_one_the_server_is_known_by_not_the_host_header()
    {
        var request = await SignedInboxPost();

        // Signed for social.example and relayed to other.example with its Host header intact: refused.
        Assert.False(Check(request with { Authority = "other.example" }).Succeeded);
        // Behind a proxy the Host header may name an internal address; the configured host still matches.
        Assert.Equal((true, null), Check(request.With("Host", "127.0.0.1:5000")));
    }

    [Fact]
    public async Task Another_key_does_not_verify()
    {
        var (succeeded, reason) = Check(await SignedInboxPost(), publicKeyPem: TestKeys.Mallory.PublicKeyPem);

        Assert.False(succeeded);
        Assert.Contains(TestKeys.AliceKeyId, reason);
    }

    [Fact]
    public async Task A_signature_older_than_65_minutes_is_stale()
    {
        var request = await SignedInboxPost();

        Assert.Equal((true, null), Check(request, SigningTime.Plus(TimeSpan.FromMinutes(64))));
        var (succeeded, reason) = Check(request, SigningTime.Plus(TimeSpan.FromMinutes(66)));
        Assert.False(succeeded);
        Assert.Contains("more than 65 minutes ago", reason);
    }

    [Fact]
    public async Task A_signature_from_more_than_five_minutes_in_the_future_is_refused()
    {
        var request = await SignedInboxPost();

        Assert.Equal((true, null), Check(request, SigningTime.Plus(TimeSpan.FromMinutes(-4))));
        var (succeeded, reason) = Check(request, SigningTime.Plus(TimeSpan.FromMinutes(-6)));
        Assert.False(succeeded);
        Assert.Contains("in the future", reason);
    }

    [Fact]
    public async Task An_expires_parameter_is_honoured()
    {
        var created = SigningTime.GetUtcNow().ToUnixTimeSeconds();
        var request = SignAs(await SignedInboxPost(), "(request-target) host (created) (expires) digest", "hs2019", created, created + 60);

        Assert.Equal((true, null), Check(request, SigningTime.Plus(TimeSpan.FromSeconds(30))));
        var (succeeded, reason) = Check(request, SigningTime.Plus(TimeSpan.FromMinutes(7)));
        Assert.False(succeeded);
        Assert.Contains("expired", reason);
    }

    [Theory]
    [InlineData("(request-target) date digest", "must also cover host")]
    [InlineData("host date digest", "must also cover (request-target)")]
    [InlineData("(request-target) host digest", "must also cover date or (created)")]
    [InlineData("(request-target) host date", "must also cover digest")]
    public async Task A_signature_that_leaves_out_what_must_be_signed_is_refused(string headers, string expected)
    {
        var request = SignAs(await SignedInboxPost(), headers);

        var (succeeded, reason) = Check(request);

        Assert.False(succeeded);
        Assert.Contains(expected, reason);
    }

    [Fact]
    public async Task A_covered_digest_header_that_is_missing_is_refused()
    {
        var request = SignAs(await SignedInboxPost(), "(request-target) host date digest");

        var (succeeded, reason) = Check(request.Without("Digest"));

        Assert.False(succeeded);
        Assert.Contains("no Digest header", reason);
    }

    [Fact]
    public async Task The_signature_may_come_in_an_Authorization_header()
    {
        var request = SignAs(await SignedInboxPost(), "(request-target) host date digest", header: "Authorization");

        Assert.Equal((true, null), Check(request));
    }

    [Theory]
    [InlineData("hs2019")]
    [InlineData(null)]
    public async Task Hs2019_and_an_unnamed_algorithm_are_verified_as_RSA(string? algorithm)
    {
        var request = SignAs(await SignedInboxPost(), "(request-target) host date digest", algorithm);

        Assert.Equal((true, null), Check(request));
    }

    [Theory]
    [InlineData("rsa-sha512")]
    [InlineData("ed25519")]
    [InlineData("hmac-sha256")]
    public async Task Other_algorithms_are_refused(string algorithm)
    {
        var request = SignAs(await SignedInboxPost(), "(request-target) host date digest", algorithm);

        var (succeeded, reason) = Check(request);

        Assert.False(succeeded);
        Assert.Contains($"'{algorithm}'", reason);
    }

    [Fact]
    public async Task A_request_target_signed_without_its_query_is_accepted_as_Mastodon_accepts_it()
    {
        var request = (await SignedInboxPost()) with { PathAndQuery = "/users/bob/inbox?page=2" };

        Assert.Equal((true, null), Check(SignAs(request, "(request-target) host date digest", queryInTarget: false)));
        Assert.Equal((true, null), Check(SignAs(request, "(request-target) host date digest", queryInTarget: true)));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("keyId=\"https://remote.example/users/alice#main-key\"")]
    [InlineData("signature=\"c2lnbmF0dXJl\"")]
    [InlineData("keyId=\"https://remote.example/users/alice#main-key\",signature=\"!!!\"")]
    [InlineData("keyId=\"https://remote.example/users/alice#main-key\",signature=\"c2lnbmF0dXJl")]
    [InlineData("keyId=\"a\",keyId=\"b\",signature=\"c2lnbmF0dXJl\"")]
    [InlineData("keyId=\"a\" headers=\"date\",signature=\"c2lnbmF0dXJl\"")]
    [InlineData(",,,")]
    public async Task Garbage_signature_headers_are_refused_with_a_reason(string header)
    {
        var request = (await SignedInboxPost()).With("Signature", header);

        var parsed = new HttpSignatureVerifier(SigningTime).Parse(request);

        Assert.False(parsed.Succeeded);
        Assert.True(parsed.IsSigned);
        Assert.False(string.IsNullOrWhiteSpace(parsed.FailureReason));
    }

    [Fact]
    public async Task Two_signature_headers_are_refused()
    {
        var request = await SignedInboxPost();
        ((HeaderCollection)request.Headers).Add("Signature", request.Headers.GetValues("Signature")[0]);

        var parsed = new HttpSignatureVerifier(SigningTime).Parse(request);

        Assert.False(parsed.Succeeded);
        Assert.Contains("several Signature headers", parsed.FailureReason);
    }

    [Fact]
    public async Task An_unsigned_request_says_so()
    {
        var parsed = new HttpSignatureVerifier(SigningTime).Parse((await SignedInboxPost()).Without("Signature"));

        Assert.False(parsed.Succeeded);
        Assert.False(parsed.IsSigned);
    }

    [Fact]
    public async Task A_public_key_that_is_not_PEM_fails_verification_with_a_reason()
    {
        var (succeeded, reason) = Check(await SignedInboxPost(), publicKeyPem: "nonsense");

        Assert.False(succeeded);
        Assert.Contains("not an RSA key", reason);
    }
}
