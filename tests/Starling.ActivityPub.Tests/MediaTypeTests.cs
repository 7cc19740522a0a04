namespace Starling.ActivityPub.Tests;

public sealed class MediaTypeTests
{
    [Fact]
    public void The_profile_media_type_names_the_activitystreams_context()
    {
        Assert.StartsWith(ActivityStreamsMediaTypes.LdJson, ActivityStreamsMediaTypes.LdJsonProfile);
        Assert.Contains("https://www.w3.org/ns/activitystreams", ActivityStreamsMediaTypes.LdJsonProfile);
    }
}
