using System.Text.Json;
using Starling.ActivityPub.WebFinger;

namespace Starling.ActivityPub.Tests.WebFinger;

public sealed class WebFingerDocumentTests
{
    [Theory]
    [InlineData("mastodon.json", "acct:Gargron@mastodon.example", "https://mastodon.example/users/Gargron", "https://mastodon.example/@Gargron")]
    [InlineData("gotosocial.json", "acct:the_mighty_zork@gts.example", "https://gts.example/users/the_mighty_zork", "https://gts.example/@the_mighty_zork")]
    [InlineData("misskey.json", "acct:syuilo@misskey.example", "https://misskey.example/users/9a8bc7de6f", "https://misskey.example/@syuilo")]
    [InlineData("pleroma.json", "acct:lain@pleroma.example", "https://pleroma.example/users/lain", "https://pleroma.example/users/lain")]
    public void Servers_answers_give_the_actor_and_profile(string file, string subject, string actorId, string profile)
    {
        var document = WebFingerDocument.Parse(Fixtures.Text($"WebFinger/{file}"));

        Assert.Equal(subject, document.Subject);
        Assert.Equal(actorId, document.ActorId);
        Assert.Equal(profile, document.FindLink(WebFingerRels.ProfilePage, "text/html")?.Href);
    }

    [Fact]
    public void Mastodons_answer_reads_aliases_and_templates()
    {
        var document = WebFingerDocument.Parse(Fixtures.Text("WebFinger/mastodon.json"));

        Assert.Equal(["https://mastodon.example/@Gargron", "https://mastodon.example/users/Gargron"], document.Aliases);
        Assert.Equal("https://mastodon.example/authorize_interaction?uri={uri}", document.FindLink(WebFingerRels.Subscribe)?.Template);
        Assert.Equal("image/jpeg", document.FindLink(WebFingerRels.Avatar)?.Type);
        Assert.Empty(WebFingerDocument.Parse(Fixtures.Text("WebFinger/misskey.json")).Aliases);
    }

    [Fact]
    public void A_self_link_of_another_media_type_is_not_the_actor()
    {
        var document = WebFingerDocument.Parse("""{"subject":"acct:a@b.example","links":[{"rel":"self","type":"text/html","href":"https://b.example/a"},{"rel":"self"}]}""");

        Assert.Null(document.ActorId);
    }

    [Fact]
    public void Our_answer_is_written_with_the_rfc_names_and_no_empty_members()
    {
        var document = WebFingerDocument.ForActor(
            WebFingerResource.ForAccount("alice", "starling.example"),
            "https://starling.example/users/alice",
            "https://starling.example/@alice",
            "https://starling.example/authorize_interaction?uri={uri}");

        using var json = JsonDocument.Parse(document.ToJson());
        var root = json.RootElement;

        Assert.Equal(["subject", "aliases", "links"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("acct:alice@starling.example", root.GetProperty("subject").GetString());
        Assert.Equal(["https://starling.example/@alice", "https://starling.example/users/alice"], root.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var links = root.GetProperty("links").EnumerateArray().ToList();
        Assert.Equal(["http://webfinger.net/rel/profile-page", "self", "http://ostatus.org/schema/1.0/subscribe"], links.Select(l => l.GetProperty("rel").GetString()));
        Assert.Equal("application/activity+json", links[1].GetProperty("type").GetString());
        Assert.Equal("https://starling.example/users/alice", links[1].GetProperty("href").GetString());
        Assert.Equal(["rel", "template"], links[2].EnumerateObject().Select(p => p.Name));
        Assert.Equal(document.ActorId, WebFingerDocument.Parse(document.ToJson()).ActorId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"links\":[]}")]
    [InlineData("{\"subject\":5}")]
    [InlineData("{\"subject\":\"acct:a@b\",\"links\":{\"rel\":\"self\"}}")]
    [InlineData("{\"subject\":\"acct:a@b\",\"aliases\":[1]}")]
    [InlineData("{\"subject\":\"acct:a@b\"")]
    public void A_malformed_answer_is_a_format_error(string json)
    {
        Assert.ThrowsAny<FormatException>(() => WebFingerDocument.Parse(json));
    }

    [Fact]
    public void Deep_nesting_in_an_answer_is_a_format_error()
    {
        var json = "{\"subject\":\"acct:a@b\",\"properties\":" + new string('[', 100) + new string(']', 100) + "}";

        Assert.ThrowsAny<FormatException>(() => WebFingerDocument.Parse(json));
    }
}
