using System.Text.Json;
using System.Xml.Linq;
using Starling.ActivityPub.WebFinger;

namespace Starling.ActivityPub.Tests.WebFinger;

public sealed class HostMetaDocumentTests
{
    private static readonly HostMetaDocument Ours = HostMetaDocument.ForServer(new Uri("https://starling.example"));

    [Fact]
    public void The_xrd_points_to_the_webfinger_template()
    {
        var xml = Ours.ToXml();

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.OrdinalIgnoreCase);
        var root = XDocument.Parse(xml).Root!;
        XNamespace xrd = "http://docs.oasis-open.org/ns/xri/xrd-1.0";
        Assert.Equal(xrd + "XRD", root.Name);
        var link = Assert.Single(root.Elements(xrd + "Link"));
        Assert.Equal("lrdd", (string?)link.Attribute("rel"));
        Assert.Equal("https://starling.example/.well-known/webfinger?resource={uri}", (string?)link.Attribute("template"));
        Assert.Null(link.Attribute("href"));
    }

    [Fact]
    public void The_json_form_carries_the_same_link()
    {
        using var json = JsonDocument.Parse(Ours.ToJson());

        var link = Assert.Single(json.RootElement.GetProperty("links").EnumerateArray());
        Assert.Equal(["rel", "template"], link.EnumerateObject().Select(p => p.Name));
        Assert.Equal("https://starling.example/.well-known/webfinger?resource={uri}", link.GetProperty("template").GetString());
        Assert.Equal(["links"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Both_forms_read_back_and_so_does_mastodons_xrd()
    {
        const string mastodon = """
            <?xml version="1.0" encoding="UTF-8"?>
            <XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
              <Link rel="lrdd" template="https://mastodon.example/.well-known/webfinger?resource={uri}"/>
            </XRD>
            """;

        Assert.Equal(Ours.WebFingerTemplate, HostMetaDocument.ParseXml(Ours.ToXml()).WebFingerTemplate);
        Assert.Equal(Ours.WebFingerTemplate, HostMetaDocument.ParseJson(Ours.ToJson()).WebFingerTemplate);
        Assert.Equal("https://mastodon.example/.well-known/webfinger?resource={uri}", HostMetaDocument.ParseXml(mastodon).WebFingerTemplate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<XRD>")]
    [InlineData("<html><body/></html>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE XRD [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><XRD><Link rel=\"lrdd\" template=\"&e;\"/></XRD>")]
    public void Malformed_or_dangerous_xml_is_a_format_error(string xml)
    {
        Assert.Throws<FormatException>(() => HostMetaDocument.ParseXml(xml));
    }

    [Fact]
    public void Malformed_json_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => HostMetaDocument.ParseJson("{\"links\":5}"));
    }
}
