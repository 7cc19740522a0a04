using System.Text.Json;
using Starling.ActivityPub.NodeInfo;

namespace Starling.ActivityPub.Tests.NodeInfo;

public sealed class NodeInfoDocumentTests
{
    private static NodeInfoDocument Ours() => new()
    {
        Software = new NodeInfoSoftware
        {
            Name = "starling",
            Version = "0.4.0",
            Repository = "https://code.example/starling",
            Homepage = "https://starling.example/about",
        },
        Protocols = ["activitypub"],
        OpenRegistrations = true,
        Usage = new NodeInfoUsage { Users = new NodeInfoUsers { Total = 5, ActiveMonth = 3, ActiveHalfyear = 4 }, LocalPosts = 42 },
        Metadata = new Dictionary<string, object?> { ["nodeName"] = "Starling Example" },
    };

    [Fact]
    public void Version_21_is_written_with_the_schemas_field_names_in_order()
    {
        using var json = JsonDocument.Parse(Ours().ToJson());
        var root = json.RootElement;

        Assert.Equal(["version", "software", "protocols", "services", "openRegistrations", "usage", "metadata"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2.1", root.GetProperty("version").GetString());
        Assert.Equal(["name", "version", "repository", "homepage"], root.GetProperty("software").EnumerateObject().Select(p => p.Name));
        Assert.Equal("starling", root.GetProperty("software").GetProperty("name").GetString());
        Assert.Equal(["activitypub"], root.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["inbound", "outbound"], root.GetProperty("services").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, root.GetProperty("services").GetProperty("inbound").GetArrayLength());
        Assert.True(root.GetProperty("openRegistrations").GetBoolean());
        var usage = root.GetProperty("usage");
        Assert.Equal(["users", "localPosts"], usage.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["total", "activeHalfyear", "activeMonth"], usage.GetProperty("users").EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, usage.GetProperty("users").GetProperty("activeMonth").GetInt64());
        Assert.Equal(42, usage.GetProperty("localPosts").GetInt64());
        Assert.Equal("Starling Example", root.GetProperty("metadata").GetProperty("nodeName").GetString());
    }

    [Fact]
    public void Version_20_leaves_out_what_only_21_defines()
    {
        var document = Ours().WithVersion(NodeInfoSchemas.Version20);
        using var json = JsonDocument.Parse(document.ToJson());

        Assert.Equal("2.0", json.RootElement.GetProperty("version").GetString());
        Assert.Equal(["name", "version"], json.RootElement.GetProperty("software").EnumerateObject().Select(p => p.Name));
        Assert.Equal("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\"", document.ContentType);
        Assert.Equal("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"", Ours().ContentType);
    }

    [Fact]
    public void Empty_metadata_is_still_written_because_the_schema_requires_it()
    {
        var document = Ours() with { Metadata = new Dictionary<string, object?>() };

        using var json = JsonDocument.Parse(document.ToJson());

        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("metadata").ValueKind);
    }

    [Theory]
    [InlineData("Starling")]
    [InlineData("star ling")]
    [InlineData("")]
    public void A_software_name_outside_the_schemas_pattern_is_refused(string name)
    {
        var document = Ours() with { Software = Ours().Software with { Name = name } };

        Assert.Throws<InvalidOperationException>(document.ToJson);
    }

    [Fact]
    public void A_document_without_protocols_is_refused()
    {
        Assert.Throws<InvalidOperationException>((Ours() with { Protocols = [] }).ToJson);
    }

    [Fact]
    public void Unknown_versions_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Ours().WithVersion("1.0"));
    }

    [Fact]
    public void Mastodons_20_document_reads()
    {
        var document = NodeInfoDocument.Parse(Fixtures.Text("NodeInfo/mastodon-2.0.json"));

        Assert.Equal("2.0", document.Version);
        Assert.Equal(("mastodon", "4.3.1"), (document.Software.Name, document.Software.Version));
        Assert.Equal(["activitypub"], document.Protocols);
        Assert.True(document.OpenRegistrations);
        Assert.Equal(2738042, document.Usage.Users.Total);
        Assert.Equal(301245, document.Usage.Users.ActiveMonth);
        Assert.Equal(803412, document.Usage.Users.ActiveHalfyear);
        Assert.Equal(126378211, document.Usage.LocalPosts);
        Assert.Equal("Mastodon", ((JsonElement)document.Metadata["nodeName"]!).GetString());
    }

    [Fact]
    public void Misskeys_21_document_reads_with_nulls_and_extras()
    {
        var document = NodeInfoDocument.Parse(Fixtures.Text("NodeInfo/misskey-2.1.json"));

        Assert.Equal("https://github.com/misskey-dev/misskey", document.Software.Repository);
        Assert.Equal("https://misskey-hub.net/", document.Software.Homepage);
        Assert.Equal(["atom1.0", "rss2.0"], document.Services.Outbound);
        Assert.False(document.OpenRegistrations);
        Assert.Equal(120, document.Usage.Users.Total);
        Assert.Null(document.Usage.Users.ActiveMonth);
        Assert.Equal(0, document.Usage.LocalComments);
    }

    [Fact]
    public void A_sparse_document_reads_with_empty_parts()
    {
        var document = NodeInfoDocument.Parse("""{"version":"2.0","software":{"name":"x","version":"1"},"usage":{"users":{"activeHalfYear":"7"}}}""");

        Assert.Empty(document.Protocols);
        Assert.Empty(document.Services.Inbound);
        Assert.Equal(7, document.Usage.Users.ActiveHalfyear);
        Assert.Empty(document.Metadata);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"version\":\"2.1\"}")]
    [InlineData("{\"software\":{\"name\":\"x\"}}")]
    [InlineData("{\"software\":{\"name\":\"x\",\"version\":\"1\"},\"openRegistrations\":\"yes\"}")]
    [InlineData("{\"software\":{\"name\":\"x\",\"version\":\"1\"},\"usage\":{\"users\":{\"total\":{}}}}")]
    public void Malformed_documents_are_format_errors(string json)
    {
        Assert.Throws<FormatException>(() => NodeInfoDocument.Parse(json));
    }
}
