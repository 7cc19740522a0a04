namespace Starling.ActivityPub.Vocabulary;

/// <summary>The special collection that addresses everyone.</summary>
public static class PublicCollection
{
    public const string Id = "https://www.w3.org/ns/activitystreams#Public";

    /// <summary>
    /// True for the full URI and for the compacted forms <c>as:Public</c> and <c>Public</c> that some servers send.
    /// References read from documents already carry the full URI.
    /// </summary>
    public static bool Matches(string? uri) => uri is Id or "as:Public" or "Public";
}
