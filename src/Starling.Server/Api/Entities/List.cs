using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's List: a named group of followed accounts with a timeline of its own.</summary>
public sealed record ListEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    /// <summary>"followed", "list" or "none": which replies the list's timeline shows.</summary>
    [JsonPropertyName("replies_policy")]
    public required string RepliesPolicy { get; init; }

    /// <summary>Whether the list's members are left out of the home timeline.</summary>
    [JsonPropertyName("exclusive")]
    public required bool Exclusive { get; init; }
}
