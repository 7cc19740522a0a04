using System.Text;
using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.NodeInfo;

/// <summary><c>/.well-known/nodeinfo</c>: links to the NodeInfo documents a server publishes, one per schema version.</summary>
public sealed record NodeInfoDiscovery
{
    public IReadOnlyList<NodeInfoLink> Links { get; init; } = [];

    /// <summary>Links to <c>/nodeinfo/2.0</c> and <c>/nodeinfo/2.1</c> under <paramref name="publicUrl"/>.</summary>
    public static NodeInfoDiscovery ForServer(Uri publicUrl) => new()
    {
        Links = NodeInfoSchemas.Versions
            .Select(version => new NodeInfoLink { Rel = NodeInfoSchemas.For(version), Href = new Uri(publicUrl, $"/nodeinfo/{version}").AbsoluteUri })
            .ToList(),
    };

    /// <summary>The newest document this library reads: 2.1 if linked, else 2.0.</summary>
    [JsonIgnore]
    public NodeInfoLink? Preferred =>
        NodeInfoSchemas.Versions.Reverse()
            .Select(version => Links.FirstOrDefault(l => l.Rel.TrimEnd('#') == NodeInfoSchemas.For(version)))
            .FirstOrDefault(link => link is not null);

    public string ToJson() => DocumentJson.Serialize(this);

    /// <exception cref="FormatException">The text is not a NodeInfo discovery document.</exception>
    public static NodeInfoDiscovery Parse(string json)
    {
        var document = DocumentJson.Deserialize<NodeInfoDiscovery>(Encoding.UTF8.GetBytes(json), "NodeInfo discovery document");
        return document with { Links = document.Links?.Where(l => l is { Rel: not null, Href: not null }).ToList() ?? [] };
    }
}

public sealed record NodeInfoLink
{
    /// <summary>The schema URI (<see cref="NodeInfoSchemas"/>).</summary>
    public required string Rel { get; init; }

    public required string Href { get; init; }
}

/// <summary>The NodeInfo schema versions and the URIs that name them.</summary>
public static class NodeInfoSchemas
{
    public const string Version20 = "2.0";
    public const string Version21 = "2.1";

    /// <summary>The versions written, oldest first.</summary>
    public static IReadOnlyList<string> Versions { get; } = [Version20, Version21];

    /// <summary>The schema URI for a version, as used in discovery links: <c>http://nodeinfo.diaspora.software/ns/schema/2.1</c>.</summary>
    public static string For(string version) =>
        Versions.Contains(version) ? $"http://nodeinfo.diaspora.software/ns/schema/{version}" : throw new ArgumentException($"NodeInfo {version} is not supported.", nameof(version));
}
