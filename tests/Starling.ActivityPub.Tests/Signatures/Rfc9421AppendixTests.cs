using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Starling.ActivityPub.Signatures;

namespace Starling.ActivityPub.Tests.Signatures;

/// <summary>
/// The examples of RFC 9421: the test request of Appendix B.2, signed with test-key-rsa-pss (B.2.1 to B.2.3), and
/// the two signatures of §4.3, where a proxy adds an rsa-v1_5-sha256 signature with test-key-rsa.
/// </summary>
public sealed class Rfc9421AppendixTests
{
    private const string Body = "{\"hello\": \"world\"}";
    private const string ContentDigest = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";
    private const long Created = 1618884473;

    private static InboundRequest TestRequest(string authority = "example.com") => new(
        "POST",
        "/foo?param=Value&Pet=dog",
        authority,
        new HeaderCollection()
            .Add("Host", authority)
            .Add("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
            .Add("Content-Type", "application/json")
            .Add("Content-Digest", ContentDigest)
            .Add("Content-Length", "18"),
        Encoding.UTF8.GetBytes(Body));

    public static TheoryData<string, string, string, string> PssVectors => new()
    {
        {
            "B.2.1",
            "sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"",
            "\"@signature-params\": ();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"",
            "d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/lkbbHAve4cRAtx31Iq786U7it++wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/Z2cOGdCbzR72rgFWhzx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzuVG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q=="
        },
        {
            "B.2.2",
            "sig-b22=(\"@authority\" \"content-digest\" \"@query-param\";name=\"Pet\");created=1618884473;keyid=\"test-key-rsa-pss\";tag=\"header-example\"",
            "\"@authority\": example.com\n"
                + "\"content-digest\": " + ContentDigest + "\n"
                + "\"@query-param\";name=\"Pet\": dog\n"
                + "\"@signature-params\": (\"@authority\" \"content-digest\" \"@query-param\";name=\"Pet\");created=1618884473;keyid=\"test-key-rsa-pss\";tag=\"header-example\"",
            "LjbtqUbfmvjj5C5kr1Ugj4PmLYvx9wVjZvD9GsTT4F7GrcQEdJzgI9qHxICagShLRiLMlAJjtq6N4CDfKtjvuJyE5qH7KT8UCMkSowOB4+ECxCmT8rtAmj/0PIXxi0A0nxKyB09RNrCQibbUjsLS/2YyFYXEu4TRJQzRw1rLEuEfY17SARYhpTlaqwZVtR8NV7+4UKkjqpcAoFqWFQh62s7Cl+H2fjBSpqfZUJcsIk4N6wiKYd4je2U/lankenQ99PZfB4jY3I5rSV2DSBVkSFsURIjYErOs0tFTQosMTAoxk//0RoKUqiYY8Bh0aaUEb0rQl3/XaVe4bXTugEjHSw=="
        },
        {
            "B.2.3",
            "sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"",
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
                + "\"@method\": POST\n"
                + "\"@path\": /foo\n"
                + "\"@query\": ?param=Value&Pet=dog\n"
                + "\"@authority\": example.com\n"
                + "\"content-type\": application/json\n"
                + "\"content-digest\": " + ContentDigest + "\n"
                + "\"content-length\": 18\n"
                + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"",
            "bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeGt683+qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui9eH8LZH896+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA=="
        },
    };

    [Theory]
    [MemberData(nameof(PssVectors))]
    public void The_documented_signature_base_is_built_and_the_published_signature_verifies_over_it(
        string section, string signatureInput, string documentedBase, string publishedSignature)
    {
        Assert.True(StructuredFields.TryParseDictionary(signatureInput, out var members, out var error), error);
        var covered = Assert.IsType<SfInnerList>(members.Single().Value);

        Assert.True(Rfc9421SignatureBase.TryBuild(new InboundMessage(TestRequest()), covered, out var signatureBase, out error), error);

        Assert.Equal(documentedBase, signatureBase);
        using var key = RsaKeyPair.TryImportPublicKey(TestKeys.Fixture("rfc9421-test-key-rsa-pss-public.pem"), out _);
        var data = Encoding.UTF8.GetBytes(signatureBase);
        Assert.True(key!.VerifyData(data, Convert.FromBase64String(publishedSignature), HashAlgorithmName.SHA512, RSASignaturePadding.Pss), section);
        data[^1] ^= 1;
        Assert.False(key.VerifyData(data, Convert.FromBase64String(publishedSignature), HashAlgorithmName.SHA512, RSASignaturePadding.Pss), section);
    }

    [Fact]
    public void The_full_coverage_example_passes_every_check_of_an_inbox()
    {
        var (_, input, _, signature) = Vector("B.2.3");
        var request = TestRequest().With("Signature-Input", input).With("Signature", $"sig-b23=:{signature}:");
        var verifier = new HttpSignatureVerifier(FixedClock.AtUnix(Created + 10));

        var parsed = verifier.Parse(request);

        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal(HttpSignatureScheme.Rfc9421, parsed.Signature.Scheme);
        Assert.Equal("sig-b23", parsed.Signature.Label);
        Assert.Equal("test-key-rsa-pss", parsed.Signature.KeyId);
        var verified = verifier.Verify(parsed.Signature, TestKeys.Fixture("rfc9421-test-key-rsa-pss-public.pem"));
        Assert.True(verified.Succeeded, verified.FailureReason);
        Assert.False(verifier.Verify(parsed.Signature, TestKeys.Alice.PublicKeyPem).Succeeded);
    }

    [Theory]
    [InlineData("B.2.1", "must also cover @method and @path")]
    [InlineData("B.2.2", "must also cover @method and @path")]
    public void The_minimal_examples_cover_too_little_for_an_inbox(string section, string expected)
    {
        var (_, input, _, signature) = Vector(section);
        var label = input[..input.IndexOf('=')];
        var request = TestRequest().With("Signature-Input", input).With("Signature", $"{label}=:{signature}:");

        var parsed = new HttpSignatureVerifier(FixedClock.AtUnix(Created)).Parse(request);

        Assert.False(parsed.Succeeded);
        Assert.Contains(expected, parsed.FailureReason);
    }

    // RFC 9421 §4.3: the request as it reaches the origin, with the client's signature and the proxy's.
    private const string ProxySignatureInput =
        "proxy_sig=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" \"content-length\" \"forwarded\");created=1618884480;keyid=\"test-key-rsa\";alg=\"rsa-v1_5-sha256\";expires=1618884540";
    private const string ProxySignature =
        "S6ZzPXSdAMOPjN/6KXfXWNO/f7V6cHm7BXYUh3YD/fRad4BCaRZxP+JH+8XY1I6+8Cy+CM5g92iHgxtRPz+MjniOaYmdkDcnL9cCpXJleXsOckpURl49GwiyUpZ10KHgOEe11sx3G2gxI8S0jnxQB+Pu68U9vVcasqOWAEObtNKKZd8tSFu7LB5YAv0RAGhB8tmpv7sFnIm9y+7X5kXQfi8NMaZaA8i2ZHwpBdg7a6CMfwnnrtflzvZdXAsD3LH2TwevU+/PBPv0B6NMNk93wUs/vfJvye+YuI87HU38lZHowtznbLVdp770I6VHR6WfgS9ddzirrswsE1w5o0LV/g==";
    private const string ClientSignatureInput =
        "sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" \"content-length\");created=1618884475;keyid=\"test-key-ecc-p256\"";
    private const string ClientSignature = "X5spyd6CFnAG5QnDyHfqoSNICd+BUP4LYMz2Q0JXlb//4Ijpzp+kve2w4NIyqeAuM7jTDX+sNalzA8ESSaHD3A==";

    private static InboundRequest ProxiedRequest() => TestRequest("origin.host.internal.example")
        .With("Forwarded", "for=192.0.2.123;host=example.com;proto=https")
        .With("Signature-Input", $"{ClientSignatureInput}, {ProxySignatureInput}")
        .With("Signature", $"sig1=:{ClientSignature}:, proxy_sig=:{ProxySignature}:");

    [Fact]
    public async Task Signing_the_proxy_example_with_test_key_rsa_reproduces_the_published_signature()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "https://origin.host.internal.example/foo?param=Value&Pet=dog") { Content = content };
        request.Headers.TryAddWithoutValidation("Content-Digest", ContentDigest);
        request.Headers.TryAddWithoutValidation("Forwarded", "for=192.0.2.123;host=example.com;proto=https");
        using var key = new HttpSigningKey("test-key-rsa", TestKeys.Fixture("rfc9421-test-key-rsa-private.pem"));

        await new Rfc9421Signer(FixedClock.AtUnix(1618884480)).SignAsync(request, key, new Rfc9421SigningOptions
        {
            Label = "proxy_sig",
            Components = ["@method", "@authority", "@path", "content-digest", "content-type", "content-length", "forwarded"],
            Lifetime = TimeSpan.FromSeconds(60),
        });

        Assert.Equal(ProxySignatureInput, request.Headers.NonValidated["Signature-Input"].ToString());
        Assert.Equal($"proxy_sig=:{ProxySignature}:", request.Headers.NonValidated["Signature"].ToString());
        Assert.Equal(ContentDigest, request.Headers.NonValidated["Content-Digest"].ToString());
    }

    [Fact]
    public void With_two_signatures_both_are_offered_in_order_and_the_one_whose_key_we_hold_verifies()
    {
        var verifier = new HttpSignatureVerifier(FixedClock.AtUnix(1618884500));

        var parsed = verifier.Parse(ProxiedRequest());

        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal(["sig1", "proxy_sig"], parsed.Candidates.Select(c => c.Label));
        Assert.Equal("test-key-ecc-p256", parsed.Signature.KeyId);
        var rsaKey = TestKeys.Fixture("rfc9421-test-key-rsa-public.pem");
        Assert.False(verifier.Verify(parsed.Candidates[0], rsaKey).Succeeded);
        var verified = verifier.Verify(parsed.Candidates[1], rsaKey);
        Assert.True(verified.Succeeded, verified.FailureReason);
        Assert.Equal("test-key-rsa", verified.KeyId);
    }

    [Fact]
    public void A_signature_with_an_algorithm_we_do_not_verify_is_passed_over_for_the_next()
    {
        var request = ProxiedRequest().With("Signature-Input",
            ClientSignatureInput + ";alg=\"ecdsa-p256-sha256\", " + ProxySignatureInput);
        var verifier = new HttpSignatureVerifier(FixedClock.AtUnix(1618884500));

        var parsed = verifier.Parse(request);

        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal("proxy_sig", parsed.Signature.Label);
        Assert.True(verifier.Verify(parsed.Signature, TestKeys.Fixture("rfc9421-test-key-rsa-public.pem")).Succeeded);
    }

    [Fact]
    public void When_no_signature_is_acceptable_the_reason_names_each()
    {
        var verifier = new HttpSignatureVerifier(FixedClock.AtUnix(1618884540 + 301));

        var parsed = verifier.Parse(ProxiedRequest().With("Signature-Input", ClientSignatureInput + ";alg=\"ed25519\", " + ProxySignatureInput));

        Assert.False(parsed.Succeeded);
        Assert.Contains("sig1: its algorithm 'ed25519' is not supported", parsed.FailureReason);
        Assert.Contains("proxy_sig: the signature by test-key-rsa expired", parsed.FailureReason);
    }

    private static (string Section, string Input, string Base, string Signature) Vector(string section)
    {
        var row = PssVectors.Select(r => (object[])r).Single(r => (string)r[0] == section);
        return ((string)row[0], (string)row[1], (string)row[2], (string)row[3]);
    }
}
