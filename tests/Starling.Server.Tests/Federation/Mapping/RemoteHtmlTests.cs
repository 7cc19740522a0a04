using Starling.Server.Federation.Mapping;

namespace Starling.Server.Tests.Federation.Mapping;

/// <summary>Remote HTML as hostile servers might send it, and as Mastodon and others really do.</summary>
public sealed class RemoteHtmlTests
{
    private readonly RemoteHtml _html = new();

    [Fact]
    public void A_mastodon_post_keeps_its_paragraphs_mentions_hashtags_and_link_classes()
    {
        const string content = "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://mastodon.example/@alice\" class=\"u-url mention\">@<span>alice</span></a></span> hello <a href=\"https://mastodon.example/tags/birds\" class=\"mention hashtag\" rel=\"tag\">#<span>birds</span></a></p>"
            + "<p><a href=\"https://example.com/a/very/long/path\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/very</span><span class=\"invisible\">/long/path</span></a><br>second line</p>";

        var safe = _html.Sanitize(content);

        Assert.Equal(
            "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://mastodon.example/@alice\" class=\"u-url mention\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">@<span>alice</span></a></span> hello "
            + "<a href=\"https://mastodon.example/tags/birds\" class=\"mention hashtag\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">#<span>birds</span></a></p>"
            + "<p><a href=\"https://example.com/a/very/long/path\" translate=\"no\" rel=\"nofollow noopener noreferrer\" target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/very</span><span class=\"invisible\">/long/path</span></a><br>second line</p>",
            safe);
    }

    [Fact]
    public void Formatting_that_mastodon_keeps_survives()
    {
        const string content = "<p><b>b</b><strong>strong</strong><i>i</i><em>em</em><u>u</u><s>s</s><del>del</del><code>code</code></p>"
            + "<pre><code>x = 1</code></pre><blockquote><p>quoted</p></blockquote><ol start=\"3\" reversed><li value=\"7\">seven</li></ol><ul><li>item</li></ul>"
            + "<p lang=\"de\"><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>";

        Assert.Equal(content.Replace("reversed>", "reversed=\"\">"), _html.Sanitize(content));
    }

    [Theory]
    [InlineData("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>")]
    [InlineData("<p>a<style>p{color:red}</style>b</p>", "<p>ab</p>")]
    [InlineData("<p>a<iframe src=\"https://evil.example/\">frame text</iframe>b</p>", "<p>ab</p>")]
    [InlineData("<p>a<img src=\"https://evil.example/x.png\" onerror=\"alert(1)\">b</p>", "<p>ab</p>")]
    [InlineData("<p>a<svg><script>alert(1)</script><circle r=\"1\"/></svg>b</p>", "<p>ab</p>")]
    [InlineData("<p>a<object data=\"x.swf\">fallback</object><embed src=\"x.swf\">b</p>", "<p>ab</p>")]
    [InlineData("<p>a<noscript><img src=x onerror=alert(1)></noscript>b</p>", "<p>ab</p>")]
    [InlineData("<p>a<template><script>alert(1)</script></template>b</p>", "<p>ab</p>")]
    [InlineData("<p>a<video src=\"https://evil.example/v.mp4\" autoplay>no video</video>b</p>", "<p>ab</p>")]
    public void Active_and_embedded_content_goes_with_everything_inside_it(string hostile, string expected) =>
        Assert.Equal(expected, _html.Sanitize(hostile));

    [Theory]
    [InlineData("<p onclick=\"alert(1)\" onmouseover=\"alert(2)\">x</p>", "<p>x</p>")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">x</p>", "<p>x</p>")]
    [InlineData("<span id=\"login\" data-x=\"1\" title=\"t\" class=\"evil mention\">x</span>", "<span class=\"mention\">x</span>")]
    [InlineData("<span class=\"status__content spoiler\">x</span>", "<span>x</span>")]
    [InlineData("<span translate=\"yes\">x</span>", "<span>x</span>")]
    [InlineData("<li value=\"2\" href=\"https://example.com/\">x</li>", "<li value=\"2\">x</li>")]
    [InlineData("<strong class=\"h-card\" lang=\"en\">x</strong>", "<strong lang=\"en\">x</strong>")]
    public void Attributes_are_kept_only_where_mastodon_keeps_them(string hostile, string expected) =>
        Assert.Equal(expected, _html.Sanitize(hostile));

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">click</a>")]
    [InlineData("<a href=\" javascript:alert(1)\">click</a>")]
    [InlineData("<a href=\"java&#x09;script:alert(1)\">click</a>")]
    [InlineData("<a href=\"&#106;avascript:alert(1)\">click</a>")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">click</a>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>")]
    [InlineData("<a href=\"/relative/path\">click</a>")]
    [InlineData("<a href=\"//evil.example/\">click</a>")]
    [InlineData("<a href=\"https:evil\">click</a>")]
    [InlineData("<a>click</a>")]
    [InlineData("<a href=\"javascript:alert(1)\"><b>cl</b>ick</a>")]
    public void A_link_that_may_not_be_followed_becomes_its_text(string hostile) =>
        Assert.Equal("click", _html.Sanitize(hostile));

    [Theory]
    [InlineData("https://example.com/path?q=1#top")]
    [InlineData("http://example.com/")]
    [InlineData("gemini://example.com/")]
    [InlineData("xmpp:alice@example.com")]
    [InlineData("magnet:?xt=urn:btih:abc")]
    public void Links_of_the_schemes_mastodon_allows_are_kept_and_open_safely(string href)
    {
        var safe = _html.Sanitize($"<a href=\"{href}\" rel=\"me\" target=\"_self\">link</a>");

        Assert.Equal($"<a href=\"{href.Replace("&", "&amp;")}\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">link</a>", safe);
    }

    [Fact]
    public void Headings_become_bold_paragraphs_as_on_mastodon()
    {
        Assert.Equal("<p><strong>Title <em>here</em></strong></p><p>text</p>", _html.Sanitize("<h1>Title <em>here</em></h1><p>text</p>"));
        Assert.Equal("<p><strong>Small</strong></p>", _html.Sanitize("<h6 onclick=\"x()\">Small</h6>"));
    }

    [Fact]
    public void Unknown_wrappers_leave_their_content_and_forms_lose_their_controls()
    {
        Assert.Equal("<p>inside <b>bold</b></p>", _html.Sanitize("<div class=\"e-content\"><section><p>inside <font color=red><b>bold</b></font></p></section></div>"));
        Assert.Equal("<p>Name: Send</p>", _html.Sanitize("<form action=\"https://evil.example/steal\" method=\"post\"><p>Name: <input name=\"password\" type=\"password\"><button formaction=\"javascript:alert(1)\">Send</button></p></form>"));
        Assert.Equal("<p>a</p>", _html.Sanitize("<p>a<textarea>&lt;script&gt;alert(1)&lt;/script&gt;</textarea></p>"));
    }

    [Fact]
    public void Text_that_looks_like_markup_stays_text()
    {
        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 1 &lt; 2</p>", _html.Sanitize("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 1 &lt; 2</p>"));
        Assert.Equal("plain &lt;b&gt;text", _html.Sanitize("plain &lt;b&gt;text"));
        Assert.Equal("<p>ab</p>", _html.Sanitize("<p>a<!-- <script>alert(1)</script> -->b</p>"));
    }

    [Fact]
    public void Broken_and_mutation_prone_markup_cannot_reopen_a_script()
    {
        var cases = new[]
        {
            "<p>x</p><scr<script>ipt>alert(1)</scr</script>ipt>",
            "<math><mi><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mi></math>",
            "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<p><a href=\"https://ok.example/\" title=\"\"><img src=x onerror=alert(1)>\">ok</a></p>",
            "<<script>script>alert(1)<</script>/script>",
            "<table><td><a href=\"javascript:alert(1)\">x</a></td></table>",
        };
        foreach (var hostile in cases)
        {
            var safe = _html.Sanitize(hostile);
            Assert.DoesNotContain("<script", safe, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", safe, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<style", safe, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror", safe.Replace("onerror=alert(1)&gt;", ""), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", safe, StringComparison.OrdinalIgnoreCase);
            // Sanitizing what came out changes nothing: the output parses back to the same tree.
            Assert.Equal(safe, _html.Sanitize(safe));
        }
    }

    [Fact]
    public void A_formula_shows_as_the_text_it_was_written_in()
    {
        const string tex = "<p>E is <math><semantics><mrow><mi>m</mi></mrow><annotation encoding=\"application/x-tex\">mc^2</annotation></semantics></math></p>";
        const string plain = "<p><math display=\"block\"><semantics><mi>x</mi><annotation encoding=\"text/plain\">x squared</annotation></semantics></math></p>";

        Assert.Equal("<p>E is $mc^2$</p>", _html.Sanitize(tex));
        Assert.Equal("<p>x squared</p>", _html.Sanitize(plain));
        Assert.Equal("<p>$$y$$</p>", _html.Sanitize("<p><math display=\"block\"><semantics><mi>y</mi><annotation encoding=\"application/x-tex\">y</annotation></semantics></math></p>"));
    }

    [Fact]
    public void Hostile_nesting_is_flattened_instead_of_exhausting_the_stack()
    {
        // Unclosed: the parser closes them all at the end, and the input stays under the length limit.
        var deep = string.Concat(Enumerable.Repeat("<span>", 60_000)) + "deep<script>alert(1)</script>";

        var safe = _html.Sanitize(deep);

        Assert.EndsWith("deep" + string.Concat(Enumerable.Repeat("</span>", RemoteHtml.MaxDepth - 1)), safe);
        Assert.DoesNotContain("script", safe);
        Assert.Equal(RemoteHtml.MaxDepth - 1, safe.Split("<span>").Length - 1);
        Assert.Equal("deep", _html.ToPlainText(deep));
    }

    [Fact]
    public void A_document_with_too_many_elements_is_kept_as_encoded_text()
    {
        var wide = "<p>first <b>bold</b> &lt;x&gt;</p>" + string.Concat(Enumerable.Repeat("<b>x</b>", RemoteHtml.MaxElements)) + "<script>alert(1)</script><p>last</p>";

        var safe = _html.Sanitize(wide);

        Assert.StartsWith("<p>first bold &lt;x&gt;</p><p>xxxx", safe);
        Assert.EndsWith("x</p><p>last</p>", safe);
        Assert.DoesNotContain("<b>", safe);
        Assert.DoesNotContain("alert", safe);
        // One element fewer keeps its markup.
        Assert.Contains("<b>x</b>", _html.Sanitize(string.Concat(Enumerable.Repeat("<b>x</b>", RemoteHtml.MaxElements - 10))));
    }

    [Fact]
    public void Input_beyond_the_limit_is_cut_off()
    {
        var huge = "<p>" + new string('a', RemoteHtml.MaxInputLength) + "tail</p>";

        var safe = _html.Sanitize(huge);

        Assert.Equal("<p>" + new string('a', RemoteHtml.MaxInputLength - 3) + "</p>", safe);
    }

    [Fact]
    public void Nothing_in_gives_nothing_out()
    {
        Assert.Equal("", _html.Sanitize(null));
        Assert.Equal("", _html.Sanitize("   "));
        Assert.Equal("", _html.Sanitize("<script>alert(1)</script>"));
        Assert.Equal("", _html.ToPlainText(null));
    }

    [Fact]
    public void Plain_text_keeps_the_words_and_the_line_structure_and_nothing_that_runs()
    {
        const string content = "<p>Hello <a href=\"https://x.example/@bob\" class=\"u-url mention\">@<span>bob</span></a> &amp; friends</p>"
            + "<p>line one<br>line two</p><script>alert('no')</script><style>p{}</style><ul><li>first</li><li>second</li></ul><h2>Title</h2><p>end &lt;b&gt;</p>";

        Assert.Equal("Hello @bob & friends\n\nline one\nline two\n\nfirst\nsecond\n\nTitle\n\nend <b>", _html.ToPlainText(content));
        Assert.Equal("wrapped source text\n\nkept\nlines", _html.ToPlainText("<p>\n  wrapped\n  source   text\n</p>\n<pre>kept\nlines</pre>"));
    }

    [Fact]
    public void One_instance_serves_many_threads_at_once_with_the_same_answers()
    {
        var inputs = Enumerable.Range(0, 200).Select(i =>
            $"<p>post {i} <a href=\"https://example.com/{i}\" onclick=\"x()\">link</a><script>alert({i})</script><h2>h{i}</h2></p>").ToList();
        var expected = inputs.Select(input => new RemoteHtml().Sanitize(input)).ToList();

        var results = new string[inputs.Count];
        Parallel.For(0, inputs.Count * 5, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var index = i % inputs.Count;
            results[index] = _html.Sanitize(inputs[index]);
            Assert.Equal(expected[index], results[index]);
        });

        Assert.Equal(expected, results);
        Assert.Contains("post 7 <a href=\"https://example.com/7\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">link</a>", results[7]);
    }
}
