using System.Globalization;

namespace Starling.Server.Features.Moderation;

/// <summary>
/// Server names as moderation compares them: lower case, international names in their ASCII (punycode) form, without
/// scheme, port, path or trailing dot. A rule about a domain also covers every name below it.
/// </summary>
public static class DomainNames
{
    private const int MaxLength = 253;
    private const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>The normalised name, or null when <paramref name="input"/> names no server.</summary>
    /// <remarks>Accepts what an admin pastes: "Example.COM", "https://example.com/about", "example.com:8443", "*.example.com", "bücher.example".</remarks>
    public static string? TryNormalize(string? input)
    {
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
            {
                return null;
            }
            text = url.IdnHost;
        }
        else
        {
            var end = text.IndexOfAny(['/', '?', '#']);
            if (end >= 0)
            {
                text = text[..end];
            }
            var at = text.LastIndexOf('@');
            if (at >= 0)
            {
                text = text[(at + 1)..]; // user@host, as in a handle
            }
            var colon = text.IndexOf(':');
            if (colon >= 0)
            {
                text = text[..colon];
            }
        }
        if (text.StartsWith("*.", StringComparison.Ordinal))
        {
            text = text[2..]; // A block covers subdomains anyway.
        }
        text = text.TrimEnd('.');
        if (text.Length == 0)
        {
            return null;
        }
        string ascii;
        try
        {
            ascii = Idn.GetAscii(text).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
        return IsHostName(ascii) ? ascii : null;
    }

    /// <summary>Whether a rule about <paramref name="ruleDomain"/> applies to <paramref name="domain"/> (itself or a name below it); both normalised.</summary>
    public static bool Covers(string ruleDomain, string domain) =>
        domain.Length == ruleDomain.Length
            ? string.Equals(domain, ruleDomain, StringComparison.Ordinal)
            : domain.Length > ruleDomain.Length && domain[domain.Length - ruleDomain.Length - 1] == '.'
                && domain.EndsWith(ruleDomain, StringComparison.Ordinal);

    /// <summary>The name and every name above it, most specific first: a.b.example → a.b.example, b.example, example.</summary>
    public static IEnumerable<string> SelfAndParents(string domain)
    {
        var current = domain;
        while (true)
        {
            yield return current;
            var dot = current.IndexOf('.');
            if (dot < 0)
            {
                yield break;
            }
            current = current[(dot + 1)..];
        }
    }

    private static bool IsHostName(string name)
    {
        if (name.Length > MaxLength)
        {
            return false;
        }
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            foreach (var c in label)
            {
                if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
