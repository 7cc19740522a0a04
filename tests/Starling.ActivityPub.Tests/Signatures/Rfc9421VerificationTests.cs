using System.Text;
using Starling.ActivityPub.Signatures;

namespace Starling.ActivityPub.Tests.Signatures;

public sealed class Rfc9421VerificationTests
{
    private static readonly FixedClock SigningTime = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private static async Task<InboundRequest> Signed(HttpRequestMessage request, Rfc9421SigningOptions? options = null)
    {
        using var key = TestKeys.AliceSigningKey();
        await new Rfc9421Signer(SigningTime).SignAsync(request, key, options);
        return await Requests.Receive(request);
    }

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

    [Fact]
    public async Task A_signed_delivery_verifies()
    {
        var request = await Signed(Requests.InboxPost());

        Assert.Equal(BodyDigest.ComputeContentDigest(Encoding.UTF8.GetBytes(Requests.ActivityJson)), request.Headers.GetValues("Content-Digest").Single());
        Assert.StartsWith(
            $"sig1=(\"@method\" \"@target-uri\" \"content-digest\");created={SigningTime.GetUtcNow().ToUnixTimeSeconds()};keyid=\"{TestKeys.AliceKeyId}\";alg=\"rsa-v1_5-sha256\"",
            request.Headers.GetValues("Signature-Input").Single());
        var verifier = new HttpSignatureVerifier(SigningTime);
        var parsed = verifier.Parse(request);
        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal(HttpSignatureScheme.Rfc9421, parsed.Signature.Scheme);
        Assert.Equal(TestKeys.AliceKeyId, parsed.Signature.KeyId);
        Assert.Equal("rsa-v1_5-sha256", parsed.Signature.Algorithm);
        Assert.True(verifier.Verify(parsed.Signature, TestKeys.Alice.PublicKeyPem).Succeeded);
    }

    [Fact]
    public async Task A_signed_fetch_verifies()
    {
        Assert.Equal((true, null), Check(await Signed(Requests.SignedFetch())));
    }

    [Fact]
    public async Task Authority_and_path_may_stand_for_the_target_uri()
    {
        var request = await Signed(Requests.InboxPost(), new Rfc9421SigningOptions { Components = ["@method", "@authority", "@path", "content-digest"] });

        Assert.Equal((true, null), Check(request));
    }

    [Fact]
    public async Task Rsa_pss_sha512_signatures_verify()
    {
        var request = await Signed(Requests.InboxPost(), new Rfc9421SigningOptions { Algorithm = Rfc9421Algorithm.RsaPssSha512 });

        Assert.Equal((true, null), Check(request));
    }

    [Fact]
    public async Task Without_an_alg_parameter_the_RSA_algorithm_is_found_by_trying()
    {
        var request = await Signed(Requests.InboxPost(), new Rfc9421SigningOptions { Algorithm = Rfc9421Algorithm.RsaPssSha512, IncludeAlgorithm = false });

        Assert.Equal((true, null), Check(request));
    }

    [Fact]
    public async Task A_changed_body_no_longer_matches_the_content_digest()
    {
        var request = await Signed(Requests.InboxPost());

        var (succeeded, reason) = Check(request with { Body = Encoding.UTF8.GetBytes(Requests.ActivityJson + " ") });

        Assert.False(succeeded);
        Assert.Contains("Content-Digest header does not match the body", reason);
    }

    [Fact]
    public async Task A_changed_body_with_a_recomputed_content_digest_no_longer_matches_the_signature()
    {
        var request = await Signed(Requests.InboxPost());
        var forged = Encoding.UTF8.GetBytes(Requests.ActivityJson + " ");

        var (succeeded, reason) = Check((request with { Body = forged }).With("Content-Digest", BodyDigest.ComputeContentDigest(forged)));

        Assert.False(succeeded);
        Assert.Contains("does not match its key", reason);
    }

    [Fact]
    public async Task A_signature_for_another_host_or_path_does_not_verify_here()
    {
        var request = await Signed(Requests.InboxPost());

        Assert.False(Check(request with { Authority = "other.example" }).Succeeded);
        Assert.False(Check(request with { PathAndQuery = "/inbox" }).Succeeded);
        Assert.False(Check(request with { Method = "PUT" }).Succeeded);
    }

    [Fact]
    public async Task Another_key_does_not_verify()
    {
        Assert.False(Check(await Signed(Requests.InboxPost()), publicKeyPem: TestKeys.Mallory.PublicKeyPem).Succeeded);
    }

    [Fact]
    public async Task The_created_time_must_be_recent_and_not_in_the_future()
    {
        var request = await Signed(Requests.InboxPost());

        Assert.Equal((true, null), Check(request, SigningTime.Plus(TimeSpan.FromMinutes(64))));
        Assert.Contains("more than 65 minutes ago", Check(request, SigningTime.Plus(TimeSpan.FromMinutes(66))).Reason);
        Assert.Equal((true, null), Check(request, SigningTime.Plus(TimeSpan.FromMinutes(-4))));
        Assert.Contains("in the future", Check(request, SigningTime.Plus(TimeSpan.FromMinutes(-6))).Reason);
    }

    [Fact]
    public async Task An_expires_parameter_is_honoured()
    {
        var request = await Signed(Requests.InboxPost(), new Rfc9421SigningOptions { Lifetime = TimeSpan.FromSeconds(30) });

        Assert.Equal((true, null), Check(request, SigningTime.Plus(TimeSpan.FromSeconds(20))));
        Assert.Contains("expired", Check(request, SigningTime.Plus(TimeSpan.FromMinutes(6))).Reason);
    }

    [Theory]
    [InlineData(new[] { "@method", "@target-uri" }, "must also cover content-digest")]
    [InlineData(new[] { "@method", "@path", "content-digest" }, "must also cover @authority")]
    [InlineData(new[] { "@target-uri", "content-digest" }, "must also cover @method")]
    [InlineData(new[] { "@method", "@authority", "content-digest" }, "must also cover @method and @path")]
    public async Task A_signature_that_leaves_out_what_must_be_signed_is_refused(string[] components, string expected)
    {
        var request = await Signed(Requests.InboxPost(), new Rfc9421SigningOptions { Components = components });

        var (succeeded, reason) = Check(request);

        Assert.False(succeeded);
        Assert.Contains(expected, reason);
    }

    [Theory]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"content-digest\");keyid=\"k\"", "no created parameter")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1740830400", "names no keyid")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=\"soon\";keyid=\"k\"", "no created parameter")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1740830400;keyid=\"k\";alg=\"hmac-sha256\"", "'hmac-sha256' is not supported")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"@status\");created=1740830400;keyid=\"k\"", "\"@status\" is not supported")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"x-missing\");created=1740830400;keyid=\"k\"", "x-missing header, which the request does not have")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"@method\");created=1740830400;keyid=\"k\"", "covered twice")]
    [InlineData("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"accept\";sf);created=1740830400;keyid=\"k\"", ";sf, which is not supported")]
    [InlineData("sig1=\"@method\";created=1740830400;keyid=\"k\"", "not a list of components")]
    [InlineData("other=(\"@method\" \"@target-uri\" \"content-digest\");created=1740830400;keyid=\"k\"", "no byte sequence under this label")]
    [InlineData("sig1=(\"@method\" \"@target-uri\"", "not a structured-field dictionary")]
    [InlineData("", "lists no signature")]
    public async Task Garbage_signature_inputs_are_refused_with_a_reason(string signatureInput, string expected)
    {
        var request = (await Signed(Requests.InboxPost())).With("Signature-Input", signatureInput).With("Accept", "*/*");

        var parsed = new HttpSignatureVerifier(SigningTime).Parse(request);

        Assert.False(parsed.Succeeded);
        Assert.True(parsed.IsSigned);
        Assert.Contains(expected, parsed.FailureReason);
    }

    [Theory]
    [InlineData("sig1=:not base64!:", "not a structured-field dictionary")]
    [InlineData("sig1=\"text\"", "no byte sequence under this label")]
    [InlineData("keyId=\"x\",signature=\"y\"", "not a structured-field dictionary")]
    public async Task Garbage_signature_values_are_refused_with_a_reason(string signature, string expected)
    {
        var request = (await Signed(Requests.InboxPost())).With("Signature", signature);

        var parsed = new HttpSignatureVerifier(SigningTime).Parse(request);

        Assert.False(parsed.Succeeded);
        Assert.Contains(expected, parsed.FailureReason);
    }

    [Fact]
    public async Task A_signature_input_without_a_signature_header_is_refused()
    {
        var parsed = new HttpSignatureVerifier(SigningTime).Parse((await Signed(Requests.InboxPost())).Without("Signature"));

        Assert.False(parsed.Succeeded);
        Assert.Contains("no Signature header", parsed.FailureReason);
    }

    [Fact]
    public async Task A_second_signature_added_by_the_signer_sits_beside_the_first_and_both_verify()
    {
        var request = Requests.InboxPost();
        using (var key = TestKeys.AliceSigningKey())
        {
            var signer = new Rfc9421Signer(SigningTime);
            await signer.SignAsync(request, key);
            await signer.SignAsync(request, key, new Rfc9421SigningOptions { Label = "sig2", Algorithm = Rfc9421Algorithm.RsaPssSha512 });
        }
        var verifier = new HttpSignatureVerifier(SigningTime);

        var parsed = verifier.Parse(await Requests.Receive(request));

        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal(["sig1", "sig2"], parsed.Candidates.Select(c => c.Label));
        Assert.All(parsed.Candidates, candidate => Assert.True(verifier.Verify(candidate, TestKeys.Alice.PublicKeyPem).Succeeded));
    }
}
