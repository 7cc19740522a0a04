using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Starling.Server.Federation.Mapping;

/// <summary>
/// Makes HTML that another server sent (a post's content, a bio, a profile field) safe to store and show, keeping what
/// Mastodon keeps for remote content: paragraphs, line breaks, links, emphasis, code, quotes and lists, the microformat
/// classes that mark mentions and hashtags, and nothing that runs, loads or styles anything. Headings become bold
/// paragraphs; a link to an address that is not absolute or not of a known scheme becomes its text.
/// </summary>
/// <remarks>
/// Build one and share it: the configured sanitizer is only read after construction, and HtmlSanitizer documents
/// <c>Sanitize</c> as safe to call from several threads on one instance configured once. The event handlers below keep
/// no state of their own; everything they touch belongs to the document of the call that raised them.
/// </remarks>
public sealed partial class RemoteHtml
{
    /// <summary>Schemes a link may use; others (javascript:, data:, vbscript:, relative addresses) lose the link.</summary>
    public static readonly IReadOnlySet<string> LinkSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "http", "https", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "xmpp", "magnet", "gemini",
    };

    public const string LinkRel = "nofollow noopener noreferrer";

    /// <summary>Deeper elements than this are flattened to their text before sanitizing, so hostile nesting costs no stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Documents with more elements than this are kept as text only (see <see cref="Sanitize"/>).</summary>
    public const int MaxElements = 5_000;

    /// <summary>Characters read; the rest of a longer input is cut off before parsing.</summary>
    public const int MaxInputLength = 512 * 1024;

    private static readonly HashSet<string> KeptElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "span", "a", "del", "s", "pre", "blockquote", "code", "b", "strong", "u", "i", "em", "ul", "ol", "li",
        "ruby", "rt", "rp",
    };

    /// <summary>Attributes each kept element may carry (lang on all of them); everything else is dropped.</summary>
    private static readonly Dictionary<string, HashSet<string>> KeptAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = ["href", "class", "translate", "lang"],
        ["span"] = ["class", "translate", "lang"],
        ["p"] = ["class", "lang"],
        ["ol"] = ["start", "reversed", "lang"],
        ["li"] = ["value", "lang"],
    };

    private static readonly HashSet<string> OnlyLang = ["lang"];

    /// <summary>Elements whose content goes with them: code, styles, embedded documents and media, form controls' text.</summary>
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "noembed",
        "noframes", "noscript", "plaintext", "xmp", "title", "textarea", "select", "head", "audio", "video", "canvas",
    };

    private static readonly HashSet<string> Headings = new(StringComparer.OrdinalIgnoreCase) { "h1", "h2", "h3", "h4", "h5", "h6" };

    private readonly HtmlSanitizer _sanitizer;
    // Parsed as a browser with scripting on parses it, so what is checked is what a reader's browser builds.
    private readonly HtmlParser _parser = new(new HtmlParserOptions { IsScripting = true });

    public RemoteHtml()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = KeptElements,
            AllowedAttributes = new HashSet<string>(KeptAttributes.Values.SelectMany(a => a), StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(LinkSchemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(),
        });
        _sanitizer.RemovingTag += OnRemovingTag;
        _sanitizer.FilterUrl += OnFilterUrl;
        _sanitizer.PostProcessNode += OnPostProcessNode;
    }

    /// <summary>The safe HTML for <paramref name="html"/>; empty for null or blank input.</summary>
    public string Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }
        using var document = Parse(html);
        if (document.Body is not { } body)
        {
            return "";
        }
        if (!FlattenDeepNesting(body))
        {
            // Serializing many thousands of siblings costs time that grows with their square; no real post has them.
            return TextAsHtml(ReadableLines(body));
        }
        _sanitizer.SanitizeDom(document, body);
        return body.ChildNodes.ToHtml(HtmlFormatter.Instance).Trim();
    }

    /// <summary>
    /// The text a person reads in <paramref name="html"/>, for search and notifications: paragraphs separated by a blank
    /// line, line breaks and list items on lines of their own, nothing from scripts or styles. Not HTML: encode it to show it.
    /// </summary>
    public string ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }
        using var document = Parse(html);
        return document.Body is { } body ? ReadableLines(body) : "";
    }

    private AngleSharp.Html.Dom.IHtmlDocument Parse(string html) =>
        _parser.ParseDocument("<!doctype html><html><body>" + (html.Length > MaxInputLength ? html[..MaxInputLength] : html));

    /// <summary>The readable text of a tree with its paragraphs and lines (see <see cref="ToPlainText"/>).</summary>
    private static string ReadableLines(IElement body)
    {
        var text = new StringBuilder();
        // Iterative on purpose: the input is untrusted and may nest without end.
        var pending = new Stack<(INode Node, bool Closing)>();
        pending.Push((body, false));
        var insidePre = 0;
        while (pending.Count > 0)
        {
            var (node, closing) = pending.Pop();
            if (node is IElement element)
            {
                var name = element.LocalName;
                if (closing)
                {
                    insidePre -= name == "pre" ? 1 : 0;
                    if (BlockSeparator(name) is { } after)
                    {
                        EndBlock(text, after);
                    }
                    continue;
                }
                if (DroppedWithContent.Contains(name))
                {
                    continue;
                }
                if (name == "math")
                {
                    text.Append(MathAsText(element));
                    continue;
                }
                if (name == "br")
                {
                    text.Append('\n');
                    continue;
                }
                if (BlockSeparator(name) is { } before)
                {
                    EndBlock(text, before);
                }
                insidePre += name == "pre" ? 1 : 0;
                pending.Push((node, true));
            }
            else if (node is IText textNode)
            {
                // Line breaks in the source are layout, not text, except in preformatted blocks.
                text.Append(insidePre > 0 ? textNode.Data : SourceWhitespace().Replace(textNode.Data, " "));
                continue;
            }
            PushChildren(pending, node, child => (child, false));
        }
        return CollapseBlankLines(text.ToString());
    }

    /// <summary>Pushes a node's children so that they pop in document order (by index: sibling links cost a search each).</summary>
    private static void PushChildren<T>(Stack<T> pending, INode node, Func<INode, T> item)
    {
        var children = node.ChildNodes;
        for (var index = children.Length - 1; index >= 0; index--)
        {
            pending.Push(item(children[index]));
        }
    }

    /// <summary>What separates a block from the text around it: a blank line for paragraphs, a line break for list items.</summary>
    private static string? BlockSeparator(string element) => element switch
    {
        "p" or "blockquote" or "pre" or "ul" or "ol" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => "\n\n",
        "li" or "div" => "\n",
        _ => null,
    };

    private static void EndBlock(StringBuilder text, string separator)
    {
        var trailing = 0;
        while (trailing < text.Length && text[text.Length - 1 - trailing] == '\n')
        {
            trailing++;
        }
        if (text.Length > trailing && trailing < separator.Length)
        {
            text.Append('\n', separator.Length - trailing);
        }
    }

    private static string CollapseBlankLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(line => line.Trim());
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }
            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            result.Append(line);
        }
        return result.ToString();
    }

    /// <summary>
    /// Replaces every element nested deeper than <see cref="MaxDepth"/> by its text, walking without recursion; false when
    /// the document has more than <see cref="MaxElements"/> elements.
    /// </summary>
    private static bool FlattenDeepNesting(IElement root)
    {
        var elements = 0;
        var pending = new Stack<(IElement Element, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (element, depth) = pending.Pop();
            if (++elements > MaxElements)
            {
                return false;
            }
            foreach (var child in element.Children.ToList())
            {
                if (depth + 1 >= MaxDepth)
                {
                    child.Replace(child.Owner!.CreateTextNode(ReadableText(child)));
                }
                else
                {
                    pending.Push((child, depth + 1));
                }
            }
        }
        return true;
    }

    /// <summary>Text as paragraphs and line breaks, every character encoded; built directly, so its cost stays linear.</summary>
    private static string TextAsHtml(string text)
    {
        var html = new StringBuilder();
        foreach (var paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p>").Append(string.Join("<br>", paragraph.Split('\n').Select(WebUtility.HtmlEncode))).Append("</p>");
        }
        return html.ToString();
    }

    /// <summary>The text inside a node, without what scripts, styles and embedded documents hold; no recursion.</summary>
    private static string ReadableText(INode root)
    {
        var text = new StringBuilder();
        var pending = new Stack<INode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is IText textNode)
            {
                text.Append(textNode.Data);
            }
            else if (node is not IElement element || !DroppedWithContent.Contains(element.LocalName))
            {
                PushChildren(pending, node, child => child);
            }
        }
        return text.ToString();
    }

    private static void OnRemovingTag(object? sender, RemovingTagEventArgs e)
    {
        var tag = e.Tag;
        var name = tag.LocalName;
        if (DroppedWithContent.Contains(name) || tag.Parent is null)
        {
            return; // Removed with everything inside it.
        }
        e.Cancel = true;
        var document = tag.Owner!;
        if (name == "math")
        {
            tag.Replace(document.CreateTextNode(MathAsText(tag)));
        }
        else if (Headings.Contains(name))
        {
            // As Mastodon does: a heading reads as a bold paragraph.
            var strong = document.CreateElement("strong");
            strong.Append([.. tag.ChildNodes]);
            var paragraph = document.CreateElement("p");
            paragraph.AppendChild(strong);
            tag.Replace(paragraph);
        }
        else if (tag.HasChildNodes)
        {
            // An unknown wrapper (div, section, font, img's siblings) leaves its content behind.
            tag.Replace([.. tag.ChildNodes]);
        }
        else
        {
            tag.Remove();
        }
    }

    /// <summary>
    /// A formula as the text it was written in (FEP-dc88: a MathML <c>semantics</c> element with an annotation), as Mastodon
    /// shows it: TeX between dollar signs, or the plain-text annotation; nothing when there is neither.
    /// </summary>
    private static string MathAsText(IElement math)
    {
        var semantics = math.Children.FirstOrDefault();
        if (semantics is null || semantics.LocalName != "semantics")
        {
            return "";
        }
        var annotations = semantics.Children.Where(c => c.LocalName == "annotation").ToList();
        if (annotations.FirstOrDefault(a => a.GetAttribute("encoding") == "application/x-tex") is { } tex)
        {
            return math.GetAttribute("display") == "block" ? $"$${tex.TextContent}$$" : $"${tex.TextContent}$";
        }
        return annotations.FirstOrDefault(a => a.GetAttribute("encoding") == "text/plain")?.TextContent ?? "";
    }

    /// <summary>A link must be absolute, of a listed scheme; the sanitizer would let relative addresses through.</summary>
    private static void OnFilterUrl(object? sender, FilterUrlEventArgs e)
    {
        if (e.SanitizedUrl is not { } url
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var absolute)
            || !LinkSchemes.Contains(absolute.Scheme)
            || (absolute.Scheme is "http" or "https" && string.IsNullOrEmpty(absolute.Host)))
        {
            e.SanitizedUrl = null;
        }
    }

    private static void OnPostProcessNode(object? sender, PostProcessNodeEventArgs e)
    {
        if (e.Node is not IElement element)
        {
            return;
        }
        var allowed = KeptAttributes.GetValueOrDefault(element.LocalName, OnlyLang);
        foreach (var attribute in element.Attributes.ToList())
        {
            if (!allowed.Contains(attribute.Name))
            {
                element.RemoveAttribute(attribute.Name);
            }
        }
        if (element.GetAttribute("translate") is { } translate && translate != "no")
        {
            element.RemoveAttribute("translate");
        }
        if (element.GetAttribute("class") is { } classes)
        {
            var kept = classes.Split([' ', '\t', '\n', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries).Where(IsKeptClass).ToList();
            if (kept.Count == 0)
            {
                element.RemoveAttribute("class");
            }
            else
            {
                element.SetAttribute("class", string.Join(' ', kept));
            }
        }
        if (element.LocalName == "a")
        {
            if (string.IsNullOrEmpty(element.GetAttribute("href")))
            {
                // As Mastodon does: a link that may not be followed is shown as its text.
                e.ReplacementNodes.Add(e.Document.CreateTextNode(element.TextContent));
                return;
            }
            element.SetAttribute("rel", LinkRel);
            element.SetAttribute("target", "_blank");
        }
    }

    /// <summary>Microformats (h-card, u-url, p-name, dt-published, e-content) and the classes Mastodon's links rely on.</summary>
    private static bool IsKeptClass(string name) =>
        name.StartsWith("h-", StringComparison.Ordinal) || name.StartsWith("p-", StringComparison.Ordinal)
        || name.StartsWith("u-", StringComparison.Ordinal) || name.StartsWith("dt-", StringComparison.Ordinal)
        || name.StartsWith("e-", StringComparison.Ordinal)
        || name is "mention" or "hashtag" or "ellipsis" or "invisible" or "quote-inline";

    [GeneratedRegex("[ \\t\\n\\r\\f]+")]
    private static partial Regex SourceWhitespace();
}
