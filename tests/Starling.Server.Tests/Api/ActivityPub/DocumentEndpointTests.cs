using System.Net;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Ids;
using Note = Starling.ActivityPub.Vocabulary.Note;
using Tombstone = Starling.ActivityPub.Vocabulary.Tombstone;

namespace Starling.Server.Tests.Api.ActivityPub;

/// <summary>
/// The documents other servers fetch, over HTTP as they fetch them. Every answer is read back into the type a peer
/// would expect (<see cref="DocumentFetcher"/>), and the collections' shapes are fixed by golden files.
/// </summary>
public abstract class DocumentEndpointTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Actors_are_served_for_users_and_for_the_server()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);

        var alice = await client.GetAsync<Person>("/users/alice");
        var dave = await client.GetAsync<Person>("/users/DAVE");
        var instance = await client.GetAsync<Application>("/actor");
        var instanceOutbox = await client.GetAsync<OrderedCollection>("/actor/outbox");

        Assert.Equal("https://starling.test/users/alice", alice.Document.Id);
        Assert.True(dave.Document.ManuallyApprovesFollowers);
        Assert.Equal("https://starling.test/users/dave", dave.Document.Id);
        Assert.Equal("https://starling.test/actor#main-key", instance.Document.PublicKey?.Id);
        Assert.Equal(0, instanceOutbox.Document.TotalItems);
    }

    [Fact]
    public async Task A_public_status_is_served_as_its_note_and_its_create()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);
        var id = world.Status("alice_public").Id;

        var note = await client.GetAsync<Note>($"/users/alice/statuses/{id}");
        var create = await client.GetAsync<Create>($"/users/alice/statuses/{id}/activity");

        Assert.Equal($"https://starling.test/users/alice/statuses/{id}", note.Document.Id);
        Assert.True(note.Document.IsPublic);
        Assert.Equal($"https://starling.test/users/alice/statuses/{id}/activity", create.Document.Id);
        Assert.Equal(note.Document.Id, create.Document.Object?.Id);
    }

    [Fact]
    public async Task A_boost_is_served_as_its_announce_and_has_no_note()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var boost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(world.Id("bob"), world.Status("alice_public").Id));
        using var client = new DocumentFetcher(app);

        var announce = await client.GetAsync<Announce>($"/users/bob/statuses/{boost.Id}/activity");

        Assert.Equal($"https://starling.test/users/alice/statuses/{world.Status("alice_public").Id}", announce.Document.Object?.Id);
        await client.AssertErrorAsync($"/users/bob/statuses/{boost.Id}", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Visibility.Unlisted, HttpStatusCode.OK)]
    [InlineData(Visibility.Private, HttpStatusCode.NotFound)]
    [InlineData(Visibility.Direct, HttpStatusCode.NotFound)]
    public async Task Only_public_and_unlisted_statuses_are_served_unsigned(Visibility visibility, HttpStatusCode expected)
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var status = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("Hi @bob", Visibility: visibility)));
        using var client = new DocumentFetcher(app);

        if (expected == HttpStatusCode.OK)
        {
            var note = await client.GetAsync<Note>($"/users/alice/statuses/{status.Id}");
            Assert.Equal(["https://starling.test/users/alice/followers"], note.Document.To.Select(r => r.Id));
            Assert.Equal([PublicCollection.Id, "https://starling.test/users/bob"], note.Document.Cc.Select(r => r.Id));
        }
        else
        {
            await client.AssertErrorAsync($"/users/alice/statuses/{status.Id}", expected);
            await client.AssertErrorAsync($"/users/alice/statuses/{status.Id}/activity", expected);
            await client.AssertErrorAsync($"/users/alice/statuses/{status.Id}/replies", expected);
        }
    }

    [Fact]
    public async Task Unknown_addresses_are_not_found()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);

        await client.AssertErrorAsync("/users/nobody", HttpStatusCode.NotFound);
        await client.AssertErrorAsync("/users/nobody/outbox", HttpStatusCode.NotFound);
        await client.AssertErrorAsync("/users/alice/statuses/1", HttpStatusCode.NotFound);
        // A status is found only under its own author.
        await client.AssertErrorAsync($"/users/bob/statuses/{world.Status("alice_public").Id}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleted_statuses_and_accounts_answer_gone_with_their_tombstones()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var status = world.Status("alice_public");
        await app.UseAsync<DeleteStatus, Status>(d => d.DeleteAsync(world.Id("alice"), status.Id));
        await app.UseAsync<AdministerAccount>(a => a.DeleteAsync("erin"));
        using var client = new DocumentFetcher(app);

        var note = await client.GetAsync<Tombstone>($"/users/alice/statuses/{status.Id}", HttpStatusCode.Gone);
        var activity = await client.GetAsync<Tombstone>($"/users/alice/statuses/{status.Id}/activity", HttpStatusCode.Gone);
        var actor = await client.GetAsync<Tombstone>("/users/erin", HttpStatusCode.Gone);
        var outbox = await client.GetAsync<Tombstone>("/users/erin/outbox", HttpStatusCode.Gone);

        DocumentGolden.AssertMatches(note.Json, "Tombstone.json");
        Assert.Equal("Note", note.Document.FormerType);
        Assert.Equal(note.Document.Id, activity.Document.Id);
        Assert.Equal("Person", actor.Document.FormerType);
        Assert.Equal("https://starling.test/users/erin", outbox.Document.Id);
    }

    [Fact]
    public async Task A_suspended_account_is_marked_and_its_posts_and_collections_refused()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));
        using var client = new DocumentFetcher(app);

        var actor = await client.GetAsync<Person>("/users/alice");

        Assert.True(actor.Document.Suspended);
        await client.AssertErrorAsync($"/users/alice/statuses/{world.Status("alice_public").Id}", HttpStatusCode.Forbidden);
        await client.AssertErrorAsync("/users/alice/outbox", HttpStatusCode.Forbidden);
        await client.AssertErrorAsync("/users/alice/followers", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_outbox_pages_public_and_unlisted_posts_and_boosts_newest_first()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob").Post("bob_post", "bob", "Bob's post").BuildAsync();
        var posted = new List<long>();
        for (var i = 0; i < 21; i++)
        {
            var visibility = i == 3 ? Visibility.Private : i == 4 ? Visibility.Unlisted : Visibility.Public;
            posted.Add((await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft($"Post {i}", Visibility: visibility)))).Id);
            app.AdvanceTime(TimeSpan.FromSeconds(1));
        }
        var boost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(world.Id("alice"), world.Status("bob_post").Id));
        using var client = new DocumentFetcher(app);

        var outbox = await client.GetAsync<OrderedCollection>("/users/alice/outbox");
        DocumentGolden.AssertMatches(outbox.Json, "Outbox.json");
        // The count the profile shows, as Mastodon's outbox gives it, whatever the visibility.
        Assert.Equal(await app.DbAsync(db => db.Accounts.Where(a => a.Id == world.Id("alice")).Select(a => a.StatusesCount).SingleAsync()), outbox.Document.TotalItems);

        var first = await client.GetAsync<OrderedCollectionPage>(outbox.Document.First!.Id!);
        Assert.Equal(CollectionDocumentPageSize, first.Document.OrderedItems.Count);
        var announce = Assert.IsType<Announce>(first.Document.OrderedItems[0].Object);
        Assert.Equal($"https://starling.test/users/alice/statuses/{boost.Id}/activity", announce.Id);
        Assert.All(first.Document.OrderedItems.Skip(1), item => Assert.IsType<Note>(Assert.IsType<Create>(item.Object).Object?.Object));

        var second = await client.GetAsync<OrderedCollectionPage>(first.Document.Next!.Id!);
        Assert.Null(second.Document.Next);
        DocumentGolden.AssertMatches(second.Json, "OutboxPage.json");
        // 22 made, 21 served: the private post is left out.
        var served = first.Document.OrderedItems.Concat(second.Document.OrderedItems).Select(item => item.Object!).ToList();
        Assert.Equal(21, served.Count);
        Assert.DoesNotContain(served, a => a.Id == $"https://starling.test/users/alice/statuses/{posted[3]}/activity");

        // Forward from the oldest: the page after it is the first page again, newest first like every page.
        var forward = await client.GetAsync<OrderedCollectionPage>(second.Document.Prev!.Id!);
        Assert.Equal(first.Document.OrderedItems.Select(i => i.Id), forward.Document.OrderedItems.Select(i => i.Id));
        var last = await client.GetAsync<OrderedCollectionPage>(outbox.Document.Last!.Id!);
        Assert.Equal($"https://starling.test/users/alice/statuses/{posted[0]}/activity", last.Document.OrderedItems[^1].Id);
    }

    [Fact]
    public async Task Followers_and_following_list_local_and_remote_actors_in_numbered_pages()
    {
        var app = await StartAsync();
        var names = Enumerable.Range(1, 12).Select(i => $"fan{i}").ToArray();
        var builder = app.World().User("alice").Users(names);
        foreach (var name in names)
        {
            builder.Follow(name, "alice");
        }
        var world = await builder.Follow("alice", "fan1").BuildAsync();
        var remote = await RemoteActors.AddAsync(app, "carol");
        await RemoteActors.FollowAsync(app, remote, world.Id("alice"));
        using var client = new DocumentFetcher(app);

        var followers = await client.GetAsync<OrderedCollection>("/users/alice/followers");
        DocumentGolden.AssertMatches(followers.Json, "Followers.json");
        var first = await client.GetAsync<OrderedCollectionPage>(followers.Document.First!.Id!);
        DocumentGolden.AssertMatches(first.Json, "FollowersPage.json");
        var second = await client.GetAsync<OrderedCollectionPage>(first.Document.Next!.Id!);
        var following = await client.GetAsync<OrderedCollectionPage>("/users/alice/following?page=1");

        Assert.Equal(13, followers.Document.TotalItems);
        Assert.Equal("https://remote.example/users/carol", first.Document.OrderedItems[0].Id);
        Assert.Equal(12, first.Document.OrderedItems.Count);
        Assert.Equal(["https://starling.test/users/fan1"], second.Document.OrderedItems.Select(i => i.Id));
        Assert.Null(second.Document.Next);
        Assert.Equal(followers.Document.First.Id, second.Document.Prev?.Id);
        Assert.Equal(["https://starling.test/users/fan1"], following.Document.OrderedItems.Select(i => i.Id));
    }

    [Fact]
    public async Task Featured_lists_pinned_posts_and_tags_is_empty()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var followersOnly = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("For followers", Visibility: Visibility.Private)));
        await app.UseAsync<PinStatus, Status>(p => p.PinAsync(world.Id("alice"), world.Status("alice_public").Id));
        await app.UseAsync<PinStatus, Status>(p => p.PinAsync(world.Id("alice"), followersOnly.Id));
        using var client = new DocumentFetcher(app);

        var featured = await client.GetAsync<OrderedCollection>("/users/alice/collections/featured");
        var tags = await client.GetAsync<Collection>("/users/alice/collections/tags");

        DocumentGolden.AssertMatches(featured.Json, "Featured.json");
        Assert.Equal(2, featured.Document.TotalItems);
        // The followers-only post is named, not shown.
        Assert.Null(featured.Document.OrderedItems[0].Object);
        Assert.IsType<Note>(featured.Document.OrderedItems[1].Object);
        Assert.Equal(0, tags.Document.TotalItems);
    }

    [Fact]
    public async Task Replies_list_the_authors_own_then_everyone_elses()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var root = world.Status("alice_public").Id;
        var own = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("More", InReplyToId: root)));
        var other = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("bob"), new StatusDraft("Nice", InReplyToId: root)));
        await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("carol"), new StatusDraft("Psst", Visibility: Visibility.Private, InReplyToId: root)));
        using var client = new DocumentFetcher(app);

        var replies = await client.GetAsync<Collection>($"/users/alice/statuses/{root}/replies");
        DocumentGolden.AssertMatches(replies.Json, "Replies.json");
        var first = Assert.IsType<CollectionPage>(replies.Document.First?.Object);
        Assert.Equal([$"https://starling.test/users/alice/statuses/{own.Id}"], first.Items.Select(i => i.Id));
        var others = await client.GetAsync<CollectionPage>(first.Next!.Id!);

        Assert.Equal([$"https://starling.test/users/bob/statuses/{world.Status("bob_reply").Id}", $"https://starling.test/users/bob/statuses/{other.Id}"],
            others.Document.Items.Select(i => i.Id));
        Assert.Null(others.Document.Next);
    }

    private const int CollectionDocumentPageSize = Starling.Server.Api.ActivityPub.CollectionDocumentEndpoints.OutboxPageSize;

    public sealed class Sqlite() : DocumentEndpointTests(TestDatabase.Sqlite);
    public sealed class Postgres() : DocumentEndpointTests(TestDatabase.Postgres);
}
