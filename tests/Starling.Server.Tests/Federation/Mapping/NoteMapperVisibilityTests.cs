using Starling.ActivityPub.Json;
using Starling.Server.Federation.Mapping;

namespace Starling.Server.Tests.Federation.Mapping;

/// <summary>The audience of a remote post, decided from its addressing exactly as Mastodon decides it.</summary>
public sealed class NoteMapperVisibilityTests
{
    private const string Followers = "https://remote.example/users/mallory/followers";
    private const string Bob = "https://starling.test/users/bob";

    private static readonly Account Mallory = new()
    {
        Username = "mallory",
        UsernameNormalized = "mallory",
        Domain = "remote.example",
        Uri = "https://remote.example/users/mallory",
        FollowersUrl = Followers,
    };

    [Theory]
    [InlineData("[\"https://www.w3.org/ns/activitystreams#Public\"]", "[\"" + Followers + "\"]", Visibility.Public)]
    [InlineData("[\"as:Public\", \"" + Bob + "\"]", "[]", Visibility.Public)]
    [InlineData("\"Public\"", "[]", Visibility.Public)]
    [InlineData("[\"" + Followers + "\"]", "[\"https://www.w3.org/ns/activitystreams#Public\"]", Visibility.Unlisted)]
    [InlineData("[\"" + Followers + "\"]", "[\"" + Bob + "\"]", Visibility.Private)]
    [InlineData("[\"" + Bob + "\"]", "[\"" + Followers + "\"]", Visibility.Direct)]
    [InlineData("[\"" + Bob + "\"]", "[]", Visibility.Direct)]
    [InlineData("[]", "[]", Visibility.Direct)]
    public void Visibility_follows_the_public_collection_then_the_followers_collection_in_to(string to, string cc, Visibility expected)
    {
        var note = ActivityStreamsJson.Deserialize($$"""{"id":"https://remote.example/n/1","type":"Note","to":{{to}},"cc":{{cc}}}""");

        Assert.Equal(expected, NoteMapper.VisibilityOf(note, Mallory));
    }

    [Fact]
    public void A_post_without_addressing_of_its_own_is_addressed_as_its_activity_is()
    {
        var create = ActivityStreamsJson.Deserialize($$"""{"id":"https://remote.example/a/1","type":"Create","to":["{{Followers}}"],"object":"https://remote.example/n/1"}""");
        var note = ActivityStreamsJson.Deserialize("""{"id":"https://remote.example/n/1","type":"Note"}""");

        Assert.Equal(Visibility.Private, NoteMapper.VisibilityOf(note, Mallory, create));
        Assert.Equal(Visibility.Direct, NoteMapper.VisibilityOf(note, Mallory));
    }
}
