using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Federation.Mapping;

namespace Starling.Server.Tests.Federation.Mapping;

/// <summary>Actor documents as servers send them, read onto accounts: every field, and nothing unsafe kept.</summary>
public sealed class ActorMapperTests
{
    private static readonly DateTime Now = new(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc);

    private static Account Map(string json)
    {
        var actor = ActivityStreamsJson.Deserialize<Actor>(json);
        Assert.Null(ActorMapper.Problem(actor));
        var account = new Account { Username = "", UsernameNormalized = "" };
        new ActorMapper(new RemoteHtml()).Apply(actor, account, Now);
        return account;
    }

    [Fact]
    public void A_mastodon_actor_becomes_an_account_with_every_field()
    {
        var account = Map("""
            {
              "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
              "id": "https://social.example:8443/users/Gargron",
              "type": "Person",
              "preferredUsername": "Gargron",
              "name": "Eugen <script>alert(1)</script>Rochko",
              "summary": "<p>Founder of <a href=\"https://joinmastodon.org\" onclick=\"evil()\">Mastodon</a></p><p>Second<br>line</p><script>alert(2)</script>",
              "url": "https://social.example:8443/@Gargron",
              "inbox": "https://social.example:8443/users/Gargron/inbox",
              "outbox": "https://social.example:8443/users/Gargron/outbox",
              "followers": "https://social.example:8443/users/Gargron/followers",
              "following": "https://social.example:8443/users/Gargron/following",
              "featured": "https://social.example:8443/users/Gargron/collections/featured",
              "endpoints": { "sharedInbox": "https://social.example:8443/inbox" },
              "manuallyApprovesFollowers": true,
              "discoverable": true,
              "indexable": true,
              "published": "2016-03-16T00:00:00Z",
              "alsoKnownAs": ["https://old.example/users/gargron", "javascript:alert(1)"],
              "icon": { "type": "Image", "mediaType": "image/png", "url": "https://files.example/avatar.png" },
              "image": { "type": "Image", "url": "https://files.example/header.png" },
              "attachment": [
                { "type": "PropertyValue", "name": "Patreon", "value": "<a href=\"https://www.patreon.com/mastodon\" rel=\"me\">patreon.com/mastodon</a>" },
                { "type": "PropertyValue", "name": "<i>Pronouns</i>", "value": "he/him" }
              ],
              "publicKey": { "id": "https://social.example:8443/users/Gargron#main-key", "owner": "https://social.example:8443/users/Gargron", "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----" }
            }
            """);

        Assert.Equal(("Gargron", "gargron", "social.example:8443"), (account.Username, account.UsernameNormalized, account.Domain));
        // A name is plain text (as on Mastodon), encoded wherever it is shown.
        Assert.Equal("Eugen <script>alert(1)</script>Rochko", account.DisplayName);
        Assert.DoesNotContain("<script", account.NoteHtml);
        Assert.DoesNotContain("alert(2)", account.NoteHtml);
        Assert.DoesNotContain("onclick", account.NoteHtml);
        Assert.Contains("href=\"https://joinmastodon.org\"", account.NoteHtml);
        Assert.Contains("Second<br>line", account.NoteHtml);
        Assert.StartsWith("Founder of Mastodon", account.Note);
        Assert.True(account.Locked);
        Assert.False(account.Bot);
        Assert.Equal(ActorType.Person, account.ActorType);
        Assert.True(account.Discoverable);
        Assert.True(account.Indexable);
        Assert.Equal("https://social.example:8443/users/Gargron", account.Uri);
        Assert.Equal("https://social.example:8443/@Gargron", account.Url);
        Assert.Equal("https://social.example:8443/inbox", account.SharedInboxUrl);
        Assert.Equal("https://social.example:8443/users/Gargron/collections/featured", account.FeaturedUrl);
        Assert.Equal(("https://files.example/avatar.png", "https://files.example/header.png"), (account.AvatarRemoteUrl, account.HeaderRemoteUrl));
        Assert.Equal(["https://old.example/users/gargron"], account.AlsoKnownAs);
        Assert.Equal(new DateTime(2016, 3, 16, 0, 0, 0, DateTimeKind.Utc), account.CreatedAt);
        Assert.Equal(Now, account.FetchedAt);
        Assert.Collection(account.Fields,
            f =>
            {
                Assert.Equal(("Patreon", "patreon.com/mastodon"), (f.Name, f.Value));
                Assert.Contains("href=\"https://www.patreon.com/mastodon\"", f.ValueHtml);
            },
            f => Assert.Equal(("<i>Pronouns</i>", "he/him", "he/him"), (f.Name, f.Value, f.ValueHtml)));
    }

    [Fact]
    public void A_service_is_a_bot_and_an_actor_that_says_nothing_is_neither_discoverable_nor_locked()
    {
        var account = Map("""
            {"id":"https://bots.example/u/news","type":"Service","preferredUsername":"news","inbox":"https://bots.example/u/news/inbox","published":"2099-01-01T00:00:00Z"}
            """);

        Assert.True(account.Bot);
        Assert.Equal(ActorType.Service, account.ActorType);
        Assert.False(account.Discoverable);
        Assert.False(account.Locked);
        Assert.Equal("", account.NoteHtml);
        Assert.Equal("https://bots.example/u/news", account.Url);
        Assert.Equal(Now, account.CreatedAt);
    }

    [Fact]
    public void Collections_on_another_server_are_dropped()
    {
        var account = Map("""
            {"id":"https://a.example/users/x","type":"Person","preferredUsername":"x","inbox":"https://a.example/users/x/inbox",
             "followers":"https://evil.example/followers","endpoints":{"sharedInbox":"https://evil.example/inbox"}}
            """);

        Assert.Null(account.FollowersUrl);
        Assert.Null(account.SharedInboxUrl);
    }

    [Theory]
    [InlineData("""{"id":"https://a.example/users/x","type":"Person","inbox":"https://a.example/inbox"}""", "preferredUsername")]
    [InlineData("""{"id":"https://a.example/users/x","type":"Person","preferredUsername":"x y","inbox":"https://a.example/inbox"}""", "preferredUsername")]
    [InlineData("""{"id":"https://a.example/users/x","type":"Person","preferredUsername":"x","inbox":"https://b.example/inbox"}""", "inbox")]
    [InlineData("""{"id":"ftp://a.example/users/x","type":"Person","preferredUsername":"x","inbox":"https://a.example/inbox"}""", "id")]
    public void An_actor_without_a_usable_username_inbox_or_id_is_refused(string json, string problem)
    {
        Assert.Contains(problem, ActorMapper.Problem(ActivityStreamsJson.Deserialize<Actor>(json)));
    }

    [Fact]
    public void Only_a_key_the_actor_owns_on_its_own_server_is_taken()
    {
        static Actor WithKey(string keyId, string? owner) => new Person
        {
            Id = "https://a.example/users/x",
            PublicKey = new PublicKey { Id = keyId, Owner = owner, PublicKeyPem = "PEM" },
        };

        Assert.Equal(("https://a.example/users/x#main-key", "PEM"), ActorMapper.OwnedKey(WithKey("https://a.example/users/x#main-key", "https://a.example/users/x")));
        Assert.NotNull(ActorMapper.OwnedKey(WithKey("https://a.example/keys/1", null)));
        Assert.Null(ActorMapper.OwnedKey(WithKey("https://b.example/users/x#main-key", "https://a.example/users/x")));
        Assert.Null(ActorMapper.OwnedKey(WithKey("https://a.example/users/y#main-key", "https://a.example/users/y")));
    }
}
