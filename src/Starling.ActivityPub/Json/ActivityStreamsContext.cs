namespace Starling.ActivityPub.Json;

/// <summary>
/// The <c>@context</c> every written document carries, shaped like Mastodon's: the two contexts JSON-LD processors
/// preload, then the extension terms inline, so a strict processor never has to fetch anything to read us.
/// </summary>
public static class ActivityStreamsContext
{
    public const string ActivityStreams = "https://www.w3.org/ns/activitystreams";
    public const string Security = "https://w3id.org/security/v1";

    /// <summary>The context as JSON.</summary>
    public static string Json => System.Text.Encoding.UTF8.GetString(Utf8);

    internal static ReadOnlySpan<byte> Utf8 =>
        """
        ["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",{"manuallyApprovesFollowers":"as:manuallyApprovesFollowers","sensitive":"as:sensitive","Hashtag":"as:Hashtag","movedTo":{"@id":"as:movedTo","@type":"@id"},"alsoKnownAs":{"@id":"as:alsoKnownAs","@type":"@id"},"toot":"http://joinmastodon.org/ns#","Emoji":"toot:Emoji","featured":{"@id":"toot:featured","@type":"@id"},"featuredTags":{"@id":"toot:featuredTags","@type":"@id"},"discoverable":"toot:discoverable","indexable":"toot:indexable","memorial":"toot:memorial","suspended":"toot:suspended","blurhash":"toot:blurhash","focalPoint":{"@container":"@list","@id":"toot:focalPoint"},"votersCount":"toot:votersCount","schema":"http://schema.org#","PropertyValue":"schema:PropertyValue","value":"schema:value","litepub":"http://litepub.social/ns#","EmojiReact":"litepub:EmojiReact"}]
        """u8;
}
