using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Starling.ActivityPub.Signatures;

namespace Starling.ActivityPub.Tests.Signatures;

/// <summary>The examples of draft-cavage-http-signatures-12, Appendix C, with the draft's own test key.</summary>
public sealed class DraftCavageAppendixTests
{
    private const string Date = "Sun, 05 Jan 2014 21:31:40 GMT";
    private const string Body = "{\"hello\": \"world\"}";
    private const string PublishedDigest = "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";

    // Appendix C.2, "Basic Test": the published signing string and signature.
    private const string BasicSigningString = "(request-target): post /foo?param=value&pet=dog\nhost: example.com\ndate: " + Date;
    private const string BasicSignature =
        "qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0=";

    private static readonly SignatureVerificationOptions AcceptTheDraftsSmallKey = new() { MinimumKeySize = 1024 };

    /// <summary>The draft's example request, as a server known as example.com receives it.</summary>
    private static InboundRequest AppendixRequest(string signature) => new(
        "POST",
        "/foo?param=value&pet=dog",
        "example.com",
        new HeaderCollection()
            .Add("Host", "example.com")
            .Add("Date", Date)
            .Add("Content-Type", "application/json")
            .Add("Digest", PublishedDigest)
            .Add("Content-Length", "18")
            .Add("Signature", signature),
        Encoding.UTF8.GetBytes(Body));

    [Fact]
    public void The_basic_example_signing_string_is_built_as_the_draft_prints_it()
    {
        var request = AppendixRequest("unused");

        Assert.True(DraftCavageSigningString.TryBuild(new InboundMessage(request), ["(request-target)", "host", "date"], null, null, true, out var signingString, out var error), error);
        Assert.Equal(BasicSigningString, signingString);
    }

    [Fact]
    public void Signing_the_basic_example_with_the_test_key_gives_the_published_signature()
    {
        using var key = new HttpSigningKey("Test", TestKeys.Fixture("cavage-test-private.pem"));

        var signature = key.Sign(Encoding.UTF8.GetBytes(BasicSigningString), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Equal(BasicSignature, Convert.ToBase64String(signature));
    }

    [Fact]
    public void The_published_basic_signature_is_refused_on_a_POST_because_it_leaves_the_digest_out()
    {
        var verifier = new HttpSignatureVerifier(FixedClock.At(Date), AcceptTheDraftsSmallKey);

        var result = verifier.Parse(AppendixRequest($"keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\"{BasicSignature}\""));

        Assert.False(result.Succeeded);
        Assert.True(result.IsSigned);
        Assert.Contains("must also cover digest", result.FailureReason);
    }

    [Fact]
    public async Task The_example_request_signed_as_Mastodon_signs_it_carries_the_expected_headers_and_verifies()
    {
        var clock = FixedClock.At(Date);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "https://example.com/foo?param=value&pet=dog") { Content = content };
        using var key = new HttpSigningKey("Test", TestKeys.Fixture("cavage-test-private.pem"));

        await new DraftCavageSigner(clock).SignAsync(request, key);

        Assert.Equal("example.com", request.Headers.Host);
        Assert.Equal(Date, request.Headers.NonValidated["Date"].ToString());
        Assert.Equal(PublishedDigest, request.Headers.NonValidated["Digest"].ToString());
        // What Mastodon signs for a delivery, written out by hand and signed with the key directly.
        var expectedString = $"(request-target): post /foo?param=value&pet=dog\nhost: example.com\ndate: {Date}\ndigest: {PublishedDigest}";
        using var rsa = RsaKeyPair.ImportPrivateKey(TestKeys.Fixture("cavage-test-private.pem"));
        var expectedSignature = Convert.ToBase64String(rsa.SignData(Encoding.UTF8.GetBytes(expectedString), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(
            $"keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\",signature=\"{expectedSignature}\"",
            request.Headers.NonValidated["Signature"].ToString());

        var verifier = new HttpSignatureVerifier(clock, AcceptTheDraftsSmallKey);
        var parsed = verifier.Parse(await Requests.Receive(request));
        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal("Test", parsed.Signature.KeyId);
        Assert.Equal(HttpSignatureScheme.DraftCavage, parsed.Signature.Scheme);
        var verified = verifier.Verify(parsed.Signature, TestKeys.Fixture("cavage-test-public.pem"));
        Assert.True(verified.Succeeded, verified.FailureReason);
    }

    [Fact]
    public async Task The_drafts_1024_bit_key_is_too_small_for_the_default_options()
    {
        var clock = FixedClock.At(Date);
        var request = Requests.InboxPost("https://example.com/foo");
        using var key = new HttpSigningKey("Test", TestKeys.Fixture("cavage-test-private.pem"));
        await new DraftCavageSigner(clock).SignAsync(request, key);
        var verifier = new HttpSignatureVerifier(clock);

        var parsed = verifier.Parse(await Requests.Receive(request));
        var verified = verifier.Verify(parsed.Signature!, TestKeys.Fixture("cavage-test-public.pem"));

        Assert.False(verified.Succeeded);
        Assert.Contains("1024 bits; at least 2048", verified.FailureReason);
    }
}
