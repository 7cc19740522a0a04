using Starling.Server.Infrastructure.Text;

namespace Starling.Server.Tests.Infrastructure.Text;

public sealed class TextRendererTests
{
    private static string Render(string text) => TextRenderer.ToHtml(
        text,
        mention => mention.Equals("alice", StringComparison.OrdinalIgnoreCase) ? new ResolvedMention(mention, "alice", "https://starling.test/@alice") : null,
        tag => $"https://starling.test/tags/{tag}");

    [Theory]
    [InlineData("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")]
    [InlineData("Tom & Jerry \"quoted\" 'single'", "<p>Tom &amp; Jerry &quot;quoted&quot; &#39;single&#39;</p>")]
    [InlineData("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>")]
    public void Everything_the_user_typed_is_escaped(string text, string html)
    {
        Assert.Equal(html, Render(text));
    }

    [Theory]
    [InlineData("one", "<p>one</p>")]
    [InlineData("one\ntwo", "<p>one<br>two</p>")]
    [InlineData("one\r\n\r\ntwo", "<p>one</p><p>two</p>")]
    [InlineData("\n\none\n\n\n\ntwo\n\n", "<p>one</p><p>two</p>")]
    [InlineData("", "")]
    public void Blank_lines_make_paragraphs_and_single_newlines_breaks(string text, string html)
    {
        Assert.Equal(html, Render(text));
    }

    [Fact]
    public void A_url_becomes_a_safe_link_and_its_trailing_punctuation_stays_outside()
    {
        var html = Render("Read https://example.com/a?b=1&c=2.");

        Assert.Equal(
            "<p>Read <a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">" +
            "<span class=\"invisible\">https://</span><span class=\"\">example.com/a?b=1&amp;c=2</span><span class=\"invisible\"></span></a>.</p>",
            html);
    }

    [Fact]
    public void A_long_url_is_shortened_for_display_but_not_in_the_link()
    {
        var url = "https://example.com/" + new string('a', 60);

        var html = Render(url);

        Assert.Contains($"href=\"{url}\"", html);
        Assert.Contains("<span class=\"ellipsis\">example.com/aaaaaaaaaaaaaaaaaa</span>", html);
        Assert.Contains($"<span class=\"invisible\">{new string('a', 42)}</span>", html);
    }

    [Fact]
    public void A_url_cannot_break_out_of_its_attribute()
    {
        var html = Render("https://example.com/\"onmouseover=\"alert(1)");

        Assert.StartsWith("<p><a href=\"https://example.com/\" rel=", html);
        Assert.Contains("</a>&quot;onmouseover=&quot;alert(1)</p>", html);
        Assert.DoesNotContain("\"onmouseover", html);
    }

    [Fact]
    public void Known_mentions_and_hashtags_are_linked_and_unknown_mentions_stay_text()
    {
        var html = Render("@Alice meet @stranger about #Birds");

        Assert.Equal(
            "<p><span class=\"h-card\"><a href=\"https://starling.test/@alice\" class=\"u-url mention\">@<span>alice</span></a></span>" +
            " meet @stranger about <a href=\"https://starling.test/tags/Birds\" class=\"mention hashtag\" rel=\"tag\">#<span>Birds</span></a></p>",
            html);
    }
}
