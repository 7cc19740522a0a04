using Starling.ActivityPub.WebFinger;

namespace Starling.ActivityPub.Tests.WebFinger;

public sealed class WebFingerResourceTests
{
    [Theory]
    [InlineData("acct:alice@example.com", "alice", "example.com", null)]
    [InlineData("ACCT:alice@Example.COM", "alice", "example.com", null)]
    [InlineData("alice@example.com", "alice", "example.com", null)]
    [InlineData("@alice@example.com", "alice", "example.com", null)]
    [InlineData("acct:@alice@example.com", "alice", "example.com", null)]
    [InlineData(" @Alice_1@example.com ", "Alice_1", "example.com", null)]
    [InlineData("alice@localhost:3000", "alice", "localhost", 3000)]
    [InlineData("acct:alice@example.com:443", "alice", "example.com", 443)]
    [InlineData("alice@127.0.0.1:8080", "alice", "127.0.0.1", 8080)]
    [InlineData("alice.smith-jones@sub.example.com", "alice.smith-jones", "sub.example.com", null)]
    [InlineData("acct:al%69ce@example.com", "alice", "example.com", null)]
    public void Accounts_parse_in_every_usual_spelling(string value, string username, string host, int? port)
    {
        var resource = WebFingerResource.Parse(value);

        Assert.True(resource.IsAccount);
        Assert.Equal(username, resource.Username);
        Assert.Equal(host, resource.Host);
        Assert.Equal(port, resource.Port);
        Assert.Null(resource.Url);
    }

    [Fact]
    public void An_account_prints_as_acct_with_its_port_and_builds_its_query()
    {
        var resource = WebFingerResource.Parse("@alice@Example.com:8443");

        Assert.Equal("acct:alice@example.com:8443", resource.ToString());
        Assert.Equal("example.com:8443", resource.Authority);
        Assert.Equal(
            "https://example.com:8443/.well-known/webfinger?resource=acct%3Aalice%40example.com%3A8443",
            resource.QueryUri().AbsoluteUri);
        Assert.Equal("http://example.com:8443/.well-known/webfinger?resource=acct%3Aalice%40example.com%3A8443", resource.QueryUri("http").AbsoluteUri);
    }

    [Fact]
    public void An_ipv6_host_keeps_its_brackets_in_the_authority()
    {
        var resource = WebFingerResource.Parse("alice@[::1]:3000");

        Assert.Equal(3000, resource.Port);
        Assert.Equal("[::1]:3000", resource.Authority);
        Assert.Equal("acct:alice@[::1]:3000", resource.ToString());
    }

    [Theory]
    [InlineData("https://example.com/users/alice", "example.com", null)]
    [InlineData("http://localhost:3000/users/alice", "localhost", 3000)]
    [InlineData("HTTPS://Example.com/@alice", "example.com", null)]
    public void Urls_parse_as_url_resources(string value, string host, int? port)
    {
        var resource = WebFingerResource.Parse(value);

        Assert.False(resource.IsAccount);
        Assert.Null(resource.Username);
        Assert.Equal(host, resource.Host);
        Assert.Equal(port, resource.Port);
        Assert.Equal(new Uri(value), resource.Url);
        Assert.Equal(new Uri(value).AbsoluteUri, resource.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("acct:alice")]
    [InlineData("@alice")]
    [InlineData("alice@")]
    [InlineData("@example.com")]
    [InlineData("alice@bob@example.com")]
    [InlineData("al ice@example.com")]
    [InlineData("alice@exa mple.com")]
    [InlineData("alice@example.com/path")]
    [InlineData("alice@example.com?x=1")]
    [InlineData("alice@example.com:notaport")]
    [InlineData("alice@user:pw@example.com")]
    [InlineData("acct:al%2Fice@example.com")]
    [InlineData("ftp://example.com/alice")]
    [InlineData("mailto:alice@example.com")]
    [InlineData("https://")]
    [InlineData("https://user:pw@example.com/alice")]
    public void Anything_else_is_refused(string? value)
    {
        Assert.False(WebFingerResource.TryParse(value, out _));
        if (value is not null)
        {
            Assert.Throws<FormatException>(() => WebFingerResource.Parse(value));
        }
    }

    [Fact]
    public void Equal_resources_compare_equal()
    {
        Assert.Equal(WebFingerResource.Parse("acct:alice@example.com"), WebFingerResource.Parse("@alice@EXAMPLE.com"));
        Assert.NotEqual(WebFingerResource.Parse("alice@example.com"), WebFingerResource.Parse("alice@example.com:8443"));
        Assert.Equal(WebFingerResource.Parse("alice@example.com"), WebFingerResource.ForAccount("alice", "example.com"));
        Assert.Throws<ArgumentException>(() => WebFingerResource.ForAccount("alice", "https://example.com"));
    }
}
