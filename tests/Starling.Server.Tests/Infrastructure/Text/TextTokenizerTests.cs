using Starling.Server.Infrastructure.Text;

namespace Starling.Server.Tests.Infrastructure.Text;

public sealed class TextTokenizerTests
{
    private static List<(TokenKind Kind, string Value)> Special(string text) =>
        TextTokenizer.Tokenize(text).Where(t => t.Kind != TokenKind.Text).Select(t => (t.Kind, t.Value)).ToList();

    [Fact]
    public void Finds_urls_mentions_and_hashtags_in_order()
    {
        Assert.Equal(
            [(TokenKind.Mention, "alice"), (TokenKind.Mention, "bob@social.example"), (TokenKind.Hashtag, "Birds"), (TokenKind.Url, "https://birds.example/robin")],
            Special("Hi @alice and @bob@social.example, #Birds at https://birds.example/robin"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain words only")]
    [InlineData("Hi @alice, see https://example.com/a?b=c#d and #tag!\nNew line (https://en.wikipedia.org/wiki/Bird_(disambiguation)).")]
    [InlineData("emoji 👍🏽 and ünïcödé #café @x")]
    public void Tokens_put_together_give_back_the_text(string text)
    {
        Assert.Equal(text, string.Concat(TextTokenizer.Tokenize(text).Select(t => t.Raw)));
    }

    [Theory]
    [InlineData("mail me at bob@example.com")]
    [InlineData("path/@alice")]
    [InlineData("@toolongtoolongtoolongtoolongtoolong")]
    public void Things_that_only_look_like_mentions_are_not(string text)
    {
        Assert.DoesNotContain(Special(text), t => t.Kind == TokenKind.Mention);
    }

    [Theory]
    [InlineData("https://example.com/page#section")]
    [InlineData("issue #123")]
    [InlineData("C#sharp")]
    [InlineData("&#39; is an entity")]
    public void Things_that_only_look_like_hashtags_are_not(string text)
    {
        Assert.DoesNotContain(Special(text), t => t.Kind == TokenKind.Hashtag);
    }

    [Theory]
    [InlineData("#café", "café")]
    [InlineData("#under_score", "under_score")]
    [InlineData("#2025goals", "2025goals")]
    [InlineData("(#inparens)", "inparens")]
    public void Hashtags_may_hold_letters_digits_and_underscores(string text, string tag)
    {
        Assert.Equal([(TokenKind.Hashtag, tag)], Special(text));
    }

    [Theory]
    [InlineData("See https://example.com/page.", "https://example.com/page")]
    [InlineData("Really? https://example.com/?q=1!", "https://example.com/?q=1")]
    [InlineData("(see https://example.com/x)", "https://example.com/x")]
    [InlineData("\"https://example.com/quoted\"", "https://example.com/quoted")]
    [InlineData("https://en.wikipedia.org/wiki/Bird_(disambiguation)", "https://en.wikipedia.org/wiki/Bird_(disambiguation)")]
    [InlineData("(https://en.wikipedia.org/wiki/Bird_(disambiguation))", "https://en.wikipedia.org/wiki/Bird_(disambiguation)")]
    [InlineData("http://example.com:8080/a,b", "http://example.com:8080/a,b")]
    public void Trailing_punctuation_ends_the_sentence_not_the_url(string text, string url)
    {
        Assert.Equal([(TokenKind.Url, url)], Special(text));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.com/file")]
    [InlineData("example.com")]
    public void Only_http_and_https_become_links(string text)
    {
        Assert.DoesNotContain(Special(text), t => t.Kind == TokenKind.Url);
    }

    [Fact]
    public void A_mention_may_name_a_domain_with_a_port()
    {
        Assert.Equal([(TokenKind.Mention, "alice@localhost:3000")], Special("cc @alice@localhost:3000"));
    }
}
