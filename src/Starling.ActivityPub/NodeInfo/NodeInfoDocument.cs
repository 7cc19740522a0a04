using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.NodeInfo;

/// <summary>
/// A NodeInfo document (schema 2.0 or 2.1), with the schema's field names. Build it once as 2.1 and serve
/// <see cref="WithVersion"/>(<see cref="NodeInfoSchemas.Version20"/>) at the 2.0 address.
/// </summary>
public sealed partial record NodeInfoDocument
{
    public string Version { get; init; } = NodeInfoSchemas.Version21;

    public required NodeInfoSoftware Software { get; init; }

    /// <summary>At least one, from the schema's list: <c>["activitypub"]</c> for us.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];

    public NodeInfoServices Services { get; init; } = new();

    public bool OpenRegistrations { get; init; }

    public NodeInfoUsage Usage { get; init; } = new();

    /// <summary>Free-form details (<c>nodeName</c>, ...); read back as <see cref="System.Text.Json.JsonElement"/> values.</summary>
    public IReadOnlyDictionary<string, object?> Metadata { get; init; } = new Dictionary<string, object?>();

    /// <summary>The media type to serve this document with, naming its schema.</summary>
    [JsonIgnore]
    public string ContentType => $"application/json; profile=\"{NodeInfoSchemas.For(Version)}#\"";

    /// <summary>This document as another schema version; 2.0 has no software repository or homepage.</summary>
    public NodeInfoDocument WithVersion(string version)
    {
        NodeInfoSchemas.For(version);
        return version == NodeInfoSchemas.Version20
            ? this with { Version = version, Software = Software with { Repository = null, Homepage = null } }
            : this with { Version = version };
    }

    /// <exception cref="InvalidOperationException">The document breaks its schema (software name, protocols).</exception>
    public string ToJson()
    {
        NodeInfoSchemas.For(Version);
        if (!SoftwareName().IsMatch(Software.Name))
        {
            throw new InvalidOperationException($"The NodeInfo software name must be lower-case letters, digits and dashes, not '{Software.Name}'.");
        }

        if (Protocols.Count == 0)
        {
            throw new InvalidOperationException("A NodeInfo document names at least one protocol.");
        }

        return DocumentJson.Serialize(WithVersion(Version));
    }

    /// <summary>Reads another server's document tolerantly: missing parts read as empty.</summary>
    /// <exception cref="FormatException">The text is not a NodeInfo document.</exception>
    public static NodeInfoDocument Parse(string json)
    {
        var document = DocumentJson.Deserialize<NodeInfoDocument>(Encoding.UTF8.GetBytes(json), "NodeInfo document");
        if (document.Software?.Name is null || document.Software.Version is null)
        {
            throw new FormatException("A NodeInfo document must name its software and version.");
        }

        return document with
        {
            Protocols = document.Protocols ?? [],
            Services = new NodeInfoServices { Inbound = document.Services?.Inbound ?? [], Outbound = document.Services?.Outbound ?? [] },
            Usage = (document.Usage ?? new()) with { Users = document.Usage?.Users ?? new() },
            Metadata = document.Metadata ?? new Dictionary<string, object?>(),
        };
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex SoftwareName();
}

public sealed record NodeInfoSoftware
{
    /// <summary>Lower-case letters, digits and dashes (the schema's pattern).</summary>
    public required string Name { get; init; }

    public required string Version { get; init; }

    /// <summary>2.1 only.</summary>
    public string? Repository { get; init; }

    /// <summary>2.1 only.</summary>
    public string? Homepage { get; init; }
}

/// <summary>Third-party services the server bridges to; empty for us.</summary>
public sealed record NodeInfoServices
{
    public IReadOnlyList<string> Inbound { get; init; } = [];
    public IReadOnlyList<string> Outbound { get; init; } = [];
}

public sealed record NodeInfoUsage
{
    public NodeInfoUsers Users { get; init; } = new();
    public long? LocalPosts { get; init; }
    public long? LocalComments { get; init; }
}

public sealed record NodeInfoUsers
{
    public long? Total { get; init; }
    public long? ActiveHalfyear { get; init; }
    public long? ActiveMonth { get; init; }
}
