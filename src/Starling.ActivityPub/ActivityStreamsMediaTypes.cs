namespace Starling.ActivityPub;

/// <summary>The media types ActivityPub documents travel under.</summary>
public static class ActivityStreamsMediaTypes
{
    public const string Activity = "application/activity+json";
    public const string LdJson = "application/ld+json";
    private const string ActivityStreamsContextUri = "https://www.w3.org/ns/activitystreams";

    public const string LdJsonProfile = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

    /// <summary>
    /// True for <c>application/activity+json</c> and for <c>application/ld+json</c> with the ActivityStreams profile
    /// (parameters and case ignored as media types allow).
    /// </summary>
    public static bool IsActivityStreams(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            return false;
        }

        var parts = mediaType.Split(';', StringSplitOptions.TrimEntries);
        if (parts[0].Equals(Activity, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return parts[0].Equals(LdJson, StringComparison.OrdinalIgnoreCase)
            && parts.Skip(1).Any(p => p.StartsWith("profile=", StringComparison.OrdinalIgnoreCase)
                && p.Contains(ActivityStreamsContextUri, StringComparison.Ordinal));
    }
}
