using Microsoft.Extensions.Options;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Infrastructure;
using Starling.Server.Options;

namespace Starling.Server.Tests.Federation.Outbox.Builders;

/// <summary>
/// Addressing held to Mastodon's rules (app/lib/activitypub/tag_manager.rb, <c>to</c> and <c>cc</c>), written out here
/// per visibility so a change to either side shows: public goes to the public collection with the followers and the
/// mentioned in cc; unlisted swaps the public collection and the followers; private leaves the public collection out;
/// direct goes to the mentioned alone. A mentioned group brings its followers collection; a boost's cc starts with
/// the boosted author.
/// </summary>
public sealed class StatusAddressingTests
{
    private const string Public = PublicCollection.Id;
    private const string AliceFollowers = "https://starling.test/users/alice/followers";
    private const string Bob = "https://starling.test/users/bob";
    private const string Carol = "https://remote.example/users/carol";
    private const string Club = "https://groups.example/users/club";
    private const string ClubFollowers = "https://groups.example/users/club/followers";

    private static readonly LocalUrls Urls = new(Microsoft.Extensions.Options.Options.Create(new StarlingOptions { PublicUrl = "https://starling.test" }));
    private readonly StatusAddressing _addressing = new(Urls);

    private static readonly Account Alice = Local(1, "alice");
    private static readonly Account BobAccount = Local(2, "bob");
    private static readonly Account CarolAccount = Remote(3, "carol", "remote.example", ActorType.Person);
    private static readonly Account ClubAccount = Remote(4, "club", "groups.example", ActorType.Group);

    [Fact]
    public void Public_goes_to_everyone_with_followers_and_mentions_in_cc()
    {
        var audience = _addressing.For(Post(Visibility.Public, BobAccount, CarolAccount));
        Assert.Equal([Public], audience.To);
        Assert.Equal([AliceFollowers, Bob, Carol], audience.Cc);
    }

    [Fact]
    public void Unlisted_goes_to_followers_with_the_public_collection_in_cc()
    {
        var audience = _addressing.For(Post(Visibility.Unlisted, BobAccount, CarolAccount));
        Assert.Equal([AliceFollowers], audience.To);
        Assert.Equal([Public, Bob, Carol], audience.Cc);
    }

    [Fact]
    public void Private_goes_to_followers_and_the_mentioned_never_to_the_public()
    {
        var audience = _addressing.For(Post(Visibility.Private, BobAccount, CarolAccount));
        Assert.Equal([AliceFollowers], audience.To);
        Assert.Equal([Bob, Carol], audience.Cc);
    }

    [Fact]
    public void Direct_goes_to_the_mentioned_alone()
    {
        var audience = _addressing.For(Post(Visibility.Direct, BobAccount, CarolAccount));
        Assert.Equal([Bob, Carol], audience.To);
        Assert.Empty(audience.Cc);
    }

    [Fact]
    public void Posts_without_mentions_reach_only_their_collections()
    {
        var publicPost = _addressing.For(Post(Visibility.Public));
        Assert.Equal([Public], publicPost.To);
        Assert.Equal([AliceFollowers], publicPost.Cc);
        var privatePost = _addressing.For(Post(Visibility.Private));
        Assert.Equal([AliceFollowers], privatePost.To);
        Assert.Empty(privatePost.Cc);
        var directPost = _addressing.For(Post(Visibility.Direct));
        Assert.Empty(directPost.To);
        Assert.Empty(directPost.Cc);
    }

    [Fact]
    public void A_mentioned_group_brings_its_followers()
    {
        Assert.Equal([AliceFollowers, Club, ClubFollowers], _addressing.For(Post(Visibility.Public, ClubAccount)).Cc);
        Assert.Equal([Club, ClubFollowers], _addressing.For(Post(Visibility.Direct, ClubAccount)).To);
    }

    [Fact]
    public void A_boost_names_the_boosted_author_first_in_cc()
    {
        var original = new Status { Id = 10, AccountId = CarolAccount.Id, Account = CarolAccount, Visibility = Visibility.Public, Uri = Carol + "/statuses/10" };
        var boost = new Status { Id = 11, AccountId = Alice.Id, Account = Alice, Visibility = Visibility.Public, ReblogOfId = 10, ReblogOf = original };
        var audience = _addressing.For(boost);
        Assert.Equal([Public], audience.To);
        Assert.Equal([Carol, AliceFollowers], audience.Cc);

        boost.Visibility = Visibility.Unlisted;
        Assert.Equal([Carol, Public], _addressing.For(boost).Cc);
    }

    [Fact]
    public void Someone_mentioned_twice_is_addressed_once()
    {
        var audience = _addressing.For(Post(Visibility.Public, BobAccount, BobAccount));
        Assert.Equal([AliceFollowers, Bob], audience.Cc);
    }

    [Fact]
    public void Remote_statuses_are_not_addressed_here() =>
        Assert.Throws<ArgumentException>(() => _addressing.For(new Status { Account = CarolAccount, Visibility = Visibility.Public }));

    private static Status Post(Visibility visibility, params Account[] mentioned) => new()
    {
        Id = 100,
        AccountId = Alice.Id,
        Account = Alice,
        Visibility = visibility,
        Mentions = mentioned.Select(a => new Starling.Server.Data.Entities.Mention { StatusId = 100, AccountId = a.Id, Account = a }).ToList(),
    };

    private static Account Local(long id, string username) => new() { Id = id, Username = username, UsernameNormalized = username };

    private static Account Remote(long id, string username, string domain, ActorType type) => new()
    {
        Id = id,
        Username = username,
        UsernameNormalized = username,
        Domain = domain,
        ActorType = type,
        Uri = $"https://{domain}/users/{username}",
        FollowersUrl = $"https://{domain}/users/{username}/followers",
    };
}
