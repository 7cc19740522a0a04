using System.Net;
using System.Text;

namespace Starling.Server.Infrastructure.Text;

/// <summary>A mention the renderer may link: the text said @Value and it resolved to this profile.</summary>
public sealed record ResolvedMention(string Value, string Username, string ProfileUrl);

/// <summary>
/// Turns plain user text into the only HTML we ever emit for it: every character is encoded,
/// then links, mentions and hashtags become anchors and blank lines become paragraphs.
/// </summary>
public static class TextRenderer
{
    private const int MaxDisplayedUrlLength = 30;

    public static string ToHtml(string text, Func<string, ResolvedMention?> resolveMention, Func<string, string> tagUrl)
    {
        var normalized = text.Replace("\r\n", "\n").Replace('\r', '\n').Trim('\n');
        if (normalized.Length == 0)
        {
            return "";
        }
        var html = new StringBuilder();
        foreach (var paragraph in normalized.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = paragraph.Trim('\n');
            if (trimmed.Length == 0)
            {
                continue;
            }
            html.Append("<p>");
            AppendInline(html, trimmed, resolveMention, tagUrl);
            html.Append("</p>");
        }
        return html.ToString();
    }

    /// <summary>One line of text (a profile field's value) with its links, mentions and hashtags, without paragraphs.</summary>
    public static string ToInlineHtml(string text, Func<string, ResolvedMention?> resolveMention, Func<string, string> tagUrl)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        var html = new StringBuilder();
        AppendInline(html, line, resolveMention, tagUrl);
        return html.ToString();
    }

    private static void AppendInline(StringBuilder html, string text, Func<string, ResolvedMention?> resolveMention, Func<string, string> tagUrl)
    {
        foreach (var token in TextTokenizer.Tokenize(text))
        {
            switch (token.Kind)
            {
                case TokenKind.Url:
                    AppendUrl(html, token.Value);
                    break;
                case TokenKind.Mention when resolveMention(token.Value) is { } mention:
                    html.Append("<span class=\"h-card\"><a href=\"").Append(WebUtility.HtmlEncode(mention.ProfileUrl))
                        .Append("\" class=\"u-url mention\">@<span>").Append(WebUtility.HtmlEncode(mention.Username)).Append("</span></a></span>");
                    break;
                case TokenKind.Hashtag:
                    html.Append("<a href=\"").Append(WebUtility.HtmlEncode(tagUrl(token.Value)))
                        .Append("\" class=\"mention hashtag\" rel=\"tag\">#<span>").Append(WebUtility.HtmlEncode(token.Value)).Append("</span></a>");
                    break;
                default:
                    html.Append(WebUtility.HtmlEncode(token.Raw).Replace("\n", "<br>"));
                    break;
            }
        }
    }

    private static void AppendUrl(StringBuilder html, string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var scheme = url[..schemeEnd];
        var rest = url[schemeEnd..];
        var visible = rest.Length > MaxDisplayedUrlLength ? rest[..MaxDisplayedUrlLength] : rest;
        var invisible = rest[visible.Length..];
        html.Append("<a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">")
            .Append("<span class=\"invisible\">").Append(WebUtility.HtmlEncode(scheme)).Append("</span>")
            .Append("<span class=\"").Append(invisible.Length > 0 ? "ellipsis" : "").Append("\">").Append(WebUtility.HtmlEncode(visible)).Append("</span>")
            .Append("<span class=\"invisible\">").Append(WebUtility.HtmlEncode(invisible)).Append("</span></a>");
    }
}
