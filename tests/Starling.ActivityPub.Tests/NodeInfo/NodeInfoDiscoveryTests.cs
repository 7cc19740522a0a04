using System.Text.Json;
using Starling.ActivityPub.NodeInfo;

namespace Starling.ActivityPub.Tests.NodeInfo;

public sealed class NodeInfoDiscoveryTests
{
    [Fact]
    public void Ours_links_both_schema_versions()
    {
        var discovery = NodeInfoDiscovery.ForServer(new Uri("https://starling.example"));

        using var json = JsonDocument.Parse(discovery.ToJson());
        var links = json.RootElement.GetProperty("links").EnumerateArray().ToList();

        Assert.Equal(["links"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["rel", "href"], links[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            [("http://nodeinfo.diaspora.software/ns/schema/2.0", "https://starling.example/nodeinfo/2.0"), ("http://nodeinfo.diaspora.software/ns/schema/2.1", "https://starling.example/nodeinfo/2.1")],
            links.Select(l => (l.GetProperty("rel").GetString(), l.GetProperty("href").GetString())));
        Assert.Equal("https://starling.example/nodeinfo/2.1", discovery.Preferred?.Href);
    }

    [Fact]
    public void Another_servers_links_read_and_the_newest_is_preferred()
    {
        var discovery = NodeInfoDiscovery.Parse(Fixtures.Text("NodeInfo/discovery-pleroma.json"));

        Assert.Equal(2, discovery.Links.Count);
        Assert.Equal("https://pleroma.example/nodeinfo/2.1.json", discovery.Preferred?.Href);
        Assert.Equal(
            "https://old.example/nodeinfo/2.0",
            NodeInfoDiscovery.Parse("""{"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/1.0","href":"https://old.example/nodeinfo/1.0"},{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.0","href":"https://old.example/nodeinfo/2.0"}]}""").Preferred?.Href);
        Assert.Null(NodeInfoDiscovery.Parse("""{"links":[]}""").Preferred);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"links\":\"x\"}")]
    [InlineData("{\"links\":[{\"rel\":5}]}")]
    public void Malformed_discovery_is_a_format_error(string json)
    {
        Assert.Throws<FormatException>(() => NodeInfoDiscovery.Parse(json));
    }
}
