using System.Text;
using Starling.ActivityPub.Signatures;

namespace Starling.ActivityPub.Tests.Signatures;

public sealed class BodyDigestTests
{
    // The body of the examples in draft-cavage Appendix C and RFC 9421 Appendix B, with the digests they print.
    private static readonly byte[] HelloWorld = Encoding.UTF8.GetBytes("{\"hello\": \"world\"}");
    private const string PublishedSha256 = "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";
    private const string PublishedSha512 = "WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==";

    [Fact]
    public void Digest_is_the_base64_SHA256_of_the_body_as_the_draft_prints_it()
    {
        Assert.Equal("SHA-256=" + PublishedSha256, BodyDigest.ComputeDigest(HelloWorld));
    }

    [Fact]
    public void Content_digest_is_a_structured_byte_sequence()
    {
        Assert.Equal("sha-256=:" + PublishedSha256 + ":", BodyDigest.ComputeContentDigest(HelloWorld));
    }

    [Theory]
    [InlineData("SHA-256=" + PublishedSha256)]
    [InlineData("sha-256=" + PublishedSha256)]
    [InlineData("SHA-512=" + PublishedSha512)]
    [InlineData("MD5=ignored, SHA-256=" + PublishedSha256)]
    public void A_matching_Digest_header_is_accepted(string header)
    {
        Assert.True(BodyDigest.VerifyDigest(header, HelloWorld).Matches);
    }

    [Theory]
    [InlineData("sha-256=:" + PublishedSha256 + ":")]
    [InlineData("sha-512=:" + PublishedSha512 + ":")]
    [InlineData("unixsum=:AAAA:, sha-256=:" + PublishedSha256 + ":")]
    public void A_matching_Content_Digest_header_is_accepted(string header)
    {
        Assert.True(BodyDigest.VerifyContentDigest(header, HelloWorld).Matches);
    }

    [Fact]
    public void A_digest_of_another_body_is_refused_and_the_reason_shows_both_values()
    {
        var check = BodyDigest.VerifyDigest("SHA-256=" + PublishedSha256, Encoding.UTF8.GetBytes("{\"hello\": \"World\"}"));

        Assert.False(check.Matches);
        Assert.Contains(PublishedSha256, check.FailureReason);
        Assert.Contains("does not match", check.FailureReason);
    }

    [Fact]
    public void One_wrong_value_among_several_is_refused()
    {
        var check = BodyDigest.VerifyDigest($"SHA-256={PublishedSha256},SHA-512={PublishedSha256}", HelloWorld);

        Assert.False(check.Matches);
        Assert.Contains("32 bytes, not 64", check.FailureReason);
    }

    [Theory]
    [InlineData("MD5=rL0Y20zC+Fzt72VPzMSk2A==")]
    [InlineData("garbage")]
    [InlineData("SHA-256=not base64!")]
    [InlineData("")]
    public void A_Digest_header_without_a_usable_SHA_value_is_refused(string header)
    {
        var check = BodyDigest.VerifyDigest(header, HelloWorld);

        Assert.False(check.Matches);
        Assert.False(string.IsNullOrEmpty(check.FailureReason));
    }

    [Theory]
    [InlineData("sha-256=" + PublishedSha256)]
    [InlineData("SHA-256=:" + PublishedSha256 + ":")]
    [InlineData("md5=:rL0Y20zC+Fzt72VPzMSk2A==:")]
    [InlineData("sha-256=:" + PublishedSha256 + ":,")]
    public void A_Content_Digest_header_without_a_usable_sha_value_is_refused(string header)
    {
        Assert.False(BodyDigest.VerifyContentDigest(header, HelloWorld).Matches);
    }
}
