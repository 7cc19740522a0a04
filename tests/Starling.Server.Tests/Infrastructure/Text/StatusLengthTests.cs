using Starling.Server.Infrastructure.Text;

namespace Starling.Server.Tests.Infrastructure.Text;

public sealed class StatusLengthTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("hello", 5)]
    [InlineData("https://example.com", 23)]
    [InlineData("https://example.com/a/very/long/path/that/goes/on/and/on/and/on?with=query", 23)]
    [InlineData("x https://a.b", 25)]
    [InlineData("two https://a.example and https://b.example", 4 + 23 + 5 + 23)]
    [InlineData("@bob", 4)]
    [InlineData("@bob@a.very.long.domain.example", 4)]
    [InlineData("#tag", 4)]
    [InlineData("👍", 1)]
    [InlineData("👍🏽", 1)]
    [InlineData("👨‍👩‍👧", 1)]
    [InlineData("e\u0301", 1)]
    [InlineData("line\nbreak", 10)]
    public void Counts_like_mastodon(string text, int expected)
    {
        Assert.Equal(expected, StatusLength.Count(text));
    }
}
