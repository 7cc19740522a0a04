namespace Starling.ActivityPub;

/// <summary>The media types ActivityPub documents travel under.</summary>
public static class ActivityStreamsMediaTypes
{
    public const string Activity = "application/activity+json";
    public const string LdJson = "application/ld+json";
    public const string LdJsonProfile = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
}
