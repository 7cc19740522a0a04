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

public sealed class ActivityStreamsMediaTypeRecognitionTests
{
    [Theory]
    [InlineData("application/activity+json", true)]
    [InlineData("Application/Activity+JSON; charset=utf-8", true)]
    [InlineData("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"", true)]
    [InlineData("application/ld+json;profile=\"https://www.w3.org/ns/activitystreams\"", true)]
    [InlineData("application/ld+json", false)]
    [InlineData("application/ld+json; profile=\"https://example.com/other\"", false)]
    [InlineData("application/json", false)]
    [InlineData("text/html", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Activity_json_and_the_profiled_ld_json_are_recognised(string? mediaType, bool expected)
    {
        Assert.Equal(expected, ActivityStreamsMediaTypes.IsActivityStreams(mediaType));
    }
}
