using System.Text;
using System.Text.Json.Serialization;
using System.Xml;
using System.Xml.Linq;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.WebFinger;

/// <summary>
/// <c>/.well-known/host-meta</c> (RFC 6415): where a host's WebFinger endpoint is, written as XRD (XML) or as JSON.
/// </summary>
public sealed record HostMetaDocument
{
    public const string XmlMediaType = "application/xrd+xml";
    public const string JsonMediaType = "application/json";

    private const string XrdNamespace = "http://docs.oasis-open.org/ns/xri/xrd-1.0";

    public IReadOnlyList<WebFingerLink> Links { get; init; } = [];

    /// <summary>The WebFinger URL template (with <c>{uri}</c>) named by the <c>lrdd</c> link, if any.</summary>
    [JsonIgnore]
    public string? WebFingerTemplate => Links.FirstOrDefault(l => l.Rel == WebFingerRels.Lrdd && l.Template is not null)?.Template;

    /// <summary>The document for a server whose public base URL is <paramref name="publicUrl"/>.</summary>
    public static HostMetaDocument ForServer(Uri publicUrl) => new()
    {
        Links = [new WebFingerLink { Rel = WebFingerRels.Lrdd, Template = new Uri(publicUrl, "/.well-known/webfinger").AbsoluteUri + "?resource={uri}" }],
    };

    public string ToXml()
    {
        XNamespace xrd = XrdNamespace;
        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(
                xrd + "XRD",
                Links.Select(link => new XElement(
                    xrd + "Link",
                    new XAttribute("rel", link.Rel),
                    link.Type is null ? null : new XAttribute("type", link.Type),
                    link.Href is null ? null : new XAttribute("href", link.Href),
                    link.Template is null ? null : new XAttribute("template", link.Template)))));
        using var writer = new Utf8StringWriter();
        document.Save(writer, SaveOptions.DisableFormatting);
        return writer.ToString();
    }

    public string ToJson() => DocumentJson.Serialize(this);

    /// <exception cref="FormatException">The text is not an XRD document.</exception>
    public static HostMetaDocument ParseXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        try
        {
            // No DTDs and no external resources: the document comes from another server.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            var root = XDocument.Load(reader).Root;
            if (root is null || root.Name.LocalName != "XRD")
            {
                throw new FormatException("A host-meta document must be an XRD element.");
            }

            var links = root.Elements()
                .Where(e => e.Name.LocalName == "Link" && !string.IsNullOrEmpty((string?)e.Attribute("rel")))
                .Select(e => new WebFingerLink
                {
                    Rel = (string)e.Attribute("rel")!,
                    Type = (string?)e.Attribute("type"),
                    Href = (string?)e.Attribute("href"),
                    Template = (string?)e.Attribute("template"),
                })
                .ToList();
            return new HostMetaDocument { Links = links };
        }
        catch (XmlException e)
        {
            throw new FormatException($"Not a readable host-meta document: {e.Message}", e);
        }
    }

    /// <exception cref="FormatException">The text is not a host-meta JSON document.</exception>
    public static HostMetaDocument ParseJson(string json)
    {
        var document = DocumentJson.Deserialize<HostMetaDocument>(Encoding.UTF8.GetBytes(json), "host-meta document");
        return document with { Links = document.Links?.Where(l => l is not null && !string.IsNullOrEmpty(l.Rel)).ToList() ?? [] };
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
