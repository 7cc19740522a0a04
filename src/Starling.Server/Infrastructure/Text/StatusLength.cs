using System.Globalization;

namespace Starling.Server.Infrastructure.Text;

/// <summary>Counts characters as Mastodon does: every URL as 23, a remote mention by its username only, by grapheme.</summary>
public static class StatusLength
{
    public const int UrlPlaceholderLength = 23;

    public static int Count(string text)
    {
        var length = 0;
        foreach (var token in TextTokenizer.Tokenize(text))
        {
            length += token.Kind switch
            {
                TokenKind.Url => UrlPlaceholderLength,
                TokenKind.Mention => 1 + new StringInfo(token.Value.Split('@')[0]).LengthInTextElements,
                _ => new StringInfo(token.Raw).LengthInTextElements,
            };
        }
        return length;
    }
}
