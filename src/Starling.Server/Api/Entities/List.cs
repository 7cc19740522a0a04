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

/// <summary>Mastodon's names for a list's replies policy, both ways.</summary>
public static class ListRepliesPolicyNames
{
    public const string Followed = "followed";
    public const string List = "list";
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Followed, List, None];

    public static string Of(Data.Entities.ListRepliesPolicy policy) => policy switch
    {
        Data.Entities.ListRepliesPolicy.Followed => Followed,
        Data.Entities.ListRepliesPolicy.List => List,
        Data.Entities.ListRepliesPolicy.None => None,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown replies policy."),
    };

    /// <summary>Reads a client's replies_policy; false for anything Mastodon would not accept.</summary>
    public static bool TryParse(string? name, out Data.Entities.ListRepliesPolicy policy)
    {
        (var known, policy) = name switch
        {
            Followed => (true, Data.Entities.ListRepliesPolicy.Followed),
            List => (true, Data.Entities.ListRepliesPolicy.List),
            None => (true, Data.Entities.ListRepliesPolicy.None),
            _ => (false, default),
        };
        return known;
    }
}
