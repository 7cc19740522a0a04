using System.Text.RegularExpressions;

namespace Starling.Server.Infrastructure.Text;

public enum TokenKind
{
    Text,
    Url,
    Mention,
    Hashtag,
}

/// <summary>A piece of user text. For a mention, Value is "user" or "user@domain"; for a hashtag, the name without '#'.</summary>
public readonly record struct TextToken(TokenKind Kind, string Raw, string Value);

/// <summary>Splits user-typed text into plain runs, URLs, @mentions and #hashtags, with Mastodon's boundary rules.</summary>
public static partial class TextTokenizer
{
    // One pass over three alternatives, so a '#' inside a URL is never read as a hashtag.
    [GeneratedRegex(
        @"(?<url>\bhttps?://[^\s<>""]+)" +
        @"|(?<=^|[^\w/@])@(?<mention>[a-z0-9_]{1,30}(?:@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*(?::\d{1,5})?)?)(?![\w@])" +
        @"|(?<=^|[^\w/&#])#(?<tag>\w{0,100}[\p{L}_]\w{0,100})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TokenPattern();

    // Punctuation that ends a sentence rather than a URL.
    private static readonly char[] TrailingUrlPunctuation = ['.', ',', ';', ':', '!', '?', '\'', '"', ')', ']', '}'];

    public static IReadOnlyList<TextToken> Tokenize(string text)
    {
        var tokens = new List<TextToken>();
        var position = 0;
        foreach (Match match in TokenPattern().Matches(text))
        {
            var start = match.Index;
            string raw;
            TextToken token;
            if (match.Groups["url"].Success)
            {
                raw = TrimUrl(match.Value);
                token = new TextToken(TokenKind.Url, raw, raw);
            }
            else if (match.Groups["mention"].Success)
            {
                raw = match.Value;
                token = new TextToken(TokenKind.Mention, raw, match.Groups["mention"].Value);
            }
            else
            {
                raw = match.Value;
                token = new TextToken(TokenKind.Hashtag, raw, match.Groups["tag"].Value);
            }
            if (start > position)
            {
                tokens.Add(new TextToken(TokenKind.Text, text[position..start], text[position..start]));
            }
            tokens.Add(token);
            position = start + raw.Length;
            if (raw.Length < match.Length)
            {
                // The trimmed punctuation is plain text.
                tokens.Add(new TextToken(TokenKind.Text, text[position..(start + match.Length)], text[position..(start + match.Length)]));
                position = start + match.Length;
            }
        }
        if (position < text.Length)
        {
            tokens.Add(new TextToken(TokenKind.Text, text[position..], text[position..]));
        }
        return tokens;
    }

    /// <summary>Whether <paramref name="name"/>, with a '#' before it, is one whole hashtag (how a tag named in a URL is checked).</summary>
    public static bool IsHashtagName(string name) =>
        name.Length > 0 && Tokenize("#" + name) is [{ Kind: TokenKind.Hashtag } token] && token.Value == name;

    private static string TrimUrl(string url)
    {
        var trimmed = url.TrimEnd(TrailingUrlPunctuation);
        // Keep a closing parenthesis that balances one inside the URL (Wikipedia links).
        if (trimmed.Length < url.Length && url[trimmed.Length] == ')' && trimmed.Count(c => c == '(') > trimmed.Count(c => c == ')'))
        {
            trimmed = url[..(trimmed.Length + 1)];
        }
        return trimmed;
    }
}
