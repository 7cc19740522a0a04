using System.Text.Json.Nodes;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class CreateHandlerTests(TestDatabase database) : InboxTest(database)
{
    [Fact]
    public async Task A_post_mentioning_a_local_user_is_stored_made_safe_and_notifies_them()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var note = Note(mallory, "https://remote.example/users/mallory/statuses/1",
            "<p><span class=\"h-card\"><a href=\"https://starling.test/@alice\">@alice</a></span> hello<script>alert(1)</script></p>");
        note["cc"]!.AsArray().Add(LocalActor("alice"));
        note["tag"]!.AsArray().Add(Mention(LocalActor("alice"), "@alice@starling.test"));

        await DeliverAsync(app, Create(mallory, note), mallory);

        var status = await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/1");
        Assert.NotNull(status);
        Assert.Equal(mallory.Id, status.AccountId);
        Assert.Equal(Visibility.Public, status.Visibility);
        Assert.Contains("hello", status.ContentHtml);
        Assert.DoesNotContain("<script", status.ContentHtml);
        Assert.Equal([world.Id("alice")], await app.DbAsync(db => db.Mentions.Where(m => m.StatusId == status.Id).Select(m => m.AccountId).ToListAsync()));
        var notification = Assert.Single(await NotificationsAsync(app, world.Id("alice")), n => n.FromAccountId == mallory.Id);
        Assert.Equal(NotificationType.Mention, notification.Type);
        Assert.Equal(status.Id, notification.StatusId);
    }

    [Fact]
    public async Task A_post_by_a_followed_account_reaches_its_followers_home_timeline_and_no_one_else()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        var followersOnly = Note(mallory, "https://remote.example/users/mallory/statuses/2", "<p>for my followers</p>");
        followersOnly["to"] = new JsonArray(Followers(mallory));
        followersOnly["cc"] = new JsonArray();

        await DeliverAsync(app, Create(mallory, Note(mallory, "https://remote.example/users/mallory/statuses/1", "<p>to everyone</p>")), mallory);
        await DeliverAsync(app, Create(mallory, followersOnly), mallory);

        var everyone = await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/1");
        var followers = await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/2");
        Assert.Equal(Visibility.Private, followers!.Visibility);
        var bobHome = await HomeAsync(app, world.Id("bob"));
        Assert.Contains(everyone!.Id, bobHome);
        Assert.Contains(followers.Id, bobHome);
        var erinHome = await HomeAsync(app, world.Id("erin"));
        Assert.DoesNotContain(everyone.Id, erinHome);
        Assert.DoesNotContain(followers.Id, erinHome);
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<StatusAccess>(a => a.FindVisibleAsync(followers.Id, world.Id("erin"), CancellationToken.None)));
    }

    [Fact]
    public async Task A_post_whose_author_few_follow_here_enters_their_homes_as_it_is_stored_without_a_job()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);

        await HandleAsync(app, Create(mallory, Note(mallory, "https://remote.example/users/mallory/statuses/1", "<p>hello</p>")), mallory);

        var status = await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/1");
        Assert.Contains(status!.Id, await HomeAsync(app, world.Id("bob")));
        Assert.DoesNotContain(status.Id, await HomeAsync(app, world.Id("erin")));
        Assert.Equal(0, await app.DbAsync(db => db.Jobs.CountAsync(j => j.Type == FanOutStatusJob.TypeName)));
    }

    [Fact]
    public async Task A_post_whose_author_many_follow_here_is_left_to_the_fan_out_job_which_reaches_them_all()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var readers = await LocalFollowersAsync(app, mallory, HomeFeedEventHandlers.InlineAudience + 1);

        await HandleAsync(app, Create(mallory, Note(mallory, "https://remote.example/users/mallory/statuses/1", "<p>hello all</p>")), mallory);

        var status = await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/1");
        Assert.Equal(0, await app.DbAsync(db => db.HomeFeed.CountAsync(e => e.StatusId == status!.Id)));
        Assert.Equal(1, await app.DbAsync(db => db.Jobs.CountAsync(j => j.Type == FanOutStatusJob.TypeName)));
        await app.DrainJobsAsync();
        var homes = await app.DbAsync(db => db.HomeFeed.Where(e => e.StatusId == status!.Id).Select(e => e.AccountId).ToListAsync());
        Assert.Equal(readers.Order(), homes.Order());
    }

    /// <summary>Local accounts (rows only: they never sign in) that follow the remote account.</summary>
    private static Task<List<long>> LocalFollowersAsync(TestInstance app, Account followed, int count) => app.DbAsync(async db =>
    {
        var ids = app.Services.GetRequiredService<Starling.Server.Infrastructure.Ids.IdGenerator>();
        var readers = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var reader = new Account
            {
                Id = ids.Next(),
                Username = $"reader{i}",
                UsernameNormalized = $"reader{i}",
                DisplayName = $"Reader {i}",
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            db.Accounts.Add(reader);
            db.Follows.Add(new Follow { Id = ids.Next(), AccountId = reader.Id, TargetAccountId = followed.Id, CreatedAt = DateTime.UtcNow });
            readers.Add(reader.Id);
        }
        await db.SaveChangesAsync();
        return readers;
    });

    [Fact]
    public async Task A_reply_to_a_local_post_joins_its_thread_and_notifies_its_author()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var reply = Note(mallory, "https://remote.example/users/mallory/statuses/3", "<p>nice post</p>", inReplyTo: LocalStatus(world, "alice_public"));

        await DeliverAsync(app, Create(mallory, reply), mallory);

        var stored = await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/3");
        Assert.Equal(world.Status("alice_public").Id, stored!.InReplyToId);
        Assert.Equal(world.Id("alice"), stored.InReplyToAccountId);
        var thread = await app.UseAsync<ThreadQueries, StatusThread>(q => q.ThreadAsync(world.Id("carol"), world.Status("alice_public").Id));
        Assert.Contains(stored.Id, thread.Descendants.Select(d => d.Status.Id));
        Assert.Equal(2, (await world.ReloadStatusAsync("alice_public")).RepliesCount);
        Assert.Contains(await NotificationsAsync(app, world.Id("alice")), n => n.Type == NotificationType.Reply && n.StatusId == stored.Id);
    }

    [Fact]
    public async Task A_post_that_concerns_nobody_here_is_not_stored()
    {
        var (app, _) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");

        await DeliverAsync(app, Create(mallory, Note(mallory, "https://remote.example/users/mallory/statuses/4", "<p>shouting into the void</p>")), mallory);

        Assert.Null(await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/4"));
    }

    [Fact]
    public async Task A_post_attributed_to_someone_else_is_refused()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var trent = await RemoteAsync(app, "trent@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        var forged = Note(trent, "https://remote.example/users/trent/statuses/5", "<p>words put in trent's mouth</p>");

        await DeliverAsync(app, Create(mallory, forged), mallory);

        Assert.Null(await StatusByUriAsync(app, "https://remote.example/users/trent/statuses/5"));
    }

    [Fact]
    public async Task An_object_claiming_another_host_is_fetched_from_there_and_refused_unless_it_is_the_senders()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var olivia = await RemoteAsync(app, "olivia@other.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        // Not published on other.example: nothing vouches for it.
        var unfetchable = Note(mallory, "https://other.example/users/olivia/statuses/6", "<p>a claim about another server</p>");
        // Published there, but by its own author, not by the sender.
        var real = Note(olivia, "https://other.example/users/olivia/statuses/7", "<p>olivia's own words</p>");
        Servers.Publish(real.ToJsonString());
        var embeddedAsMallorys = Note(mallory, "https://other.example/users/olivia/statuses/7", "<p>altered</p>");

        await DeliverAsync(app, Create(mallory, unfetchable), mallory);
        await DeliverAsync(app, Create(mallory, embeddedAsMallorys), mallory);

        Assert.Contains("https://other.example/users/olivia/statuses/6", Servers.Fetched);
        Assert.Contains("https://other.example/users/olivia/statuses/7", Servers.Fetched);
        Assert.Null(await StatusByUriAsync(app, "https://other.example/users/olivia/statuses/6"));
        Assert.Null(await StatusByUriAsync(app, "https://other.example/users/olivia/statuses/7"));
    }

    [Fact]
    public async Task An_object_given_by_id_is_fetched_from_its_server()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        var note = Note(mallory, "https://remote.example/users/mallory/statuses/8", "<p>fetched</p>");
        Servers.Publish(note.ToJsonString());
        var create = Activity("Create", mallory, "https://remote.example/users/mallory/statuses/8/activity", "https://remote.example/users/mallory/statuses/8");

        await DeliverAsync(app, create, mallory);

        Assert.Contains("<p>fetched</p>", (await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/8"))!.ContentHtml);
    }

    [Fact]
    public async Task The_same_post_received_twice_is_stored_once_and_notified_once()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var note = Note(mallory, "https://remote.example/users/mallory/statuses/9", "<p>@alice twice</p>");
        note["tag"]!.AsArray().Add(Mention(LocalActor("alice"), "@alice@starling.test"));

        await DeliverAsync(app, Create(mallory, note), mallory);
        await DeliverAsync(app, Create(mallory, (JsonObject)note.DeepClone()), mallory, recipient: "alice");

        Assert.Equal(1, await app.DbAsync(db => db.Statuses.CountAsync(s => s.Uri == "https://remote.example/users/mallory/statuses/9")));
        Assert.Single(await NotificationsAsync(app, world.Id("alice")), n => n.FromAccountId == mallory.Id);
        Assert.Equal(1, (await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == mallory.Id))).StatusesCount);
    }

    [Fact]
    public async Task A_post_deleted_before_it_arrived_is_not_stored()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        const string id = "https://remote.example/users/mallory/statuses/10";

        await DeliverAsync(app, Activity("Delete", mallory, $"{id}#delete", new JsonObject { ["id"] = id, ["type"] = "Tombstone" }), mallory);
        await DeliverAsync(app, Create(mallory, Note(mallory, id, "<p>regretted</p>")), mallory);

        Assert.Null(await StatusByUriAsync(app, id));
    }

    [Fact]
    public async Task A_reply_brings_its_unknown_parents_up_to_a_bounded_depth()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        var ids = Enumerable.Range(1, 8).Select(i => $"https://remote.example/users/mallory/statuses/chain{i}").ToList();
        for (var i = 0; i < ids.Count - 1; i++)
        {
            Servers.Publish(Note(mallory, ids[i], $"<p>part {i + 1}</p>", inReplyTo: i == 0 ? null : ids[i - 1]).ToJsonString());
        }

        await DeliverAsync(app, Create(mallory, Note(mallory, ids[^1], "<p>the end</p>", inReplyTo: ids[^2])), mallory);

        var stored = await app.DbAsync(db => db.Statuses.AsNoTracking().Where(s => s.Uri!.Contains("chain")).ToDictionaryAsync(s => s.Uri!));
        // The reply and the five posts above it; the two at the top are not fetched.
        Assert.Equal(ids[2..].ToHashSet(), stored.Keys.ToHashSet());
        Assert.Equal(ids[1], stored[ids[2]].InReplyToUri);
        Assert.Null(stored[ids[2]].InReplyToId);
        for (var i = 3; i < ids.Count; i++)
        {
            Assert.Equal(stored[ids[i - 1]].Id, stored[ids[i]].InReplyToId);
            Assert.Equal(stored[ids[2]].ConversationId, stored[ids[i]].ConversationId);
        }
    }

    [Fact]
    public async Task A_reply_stored_before_its_parent_hangs_under_it_once_the_parent_arrives()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        const string parentId = "https://remote.example/users/mallory/statuses/11";
        const string replyId = "https://remote.example/users/mallory/statuses/12";

        await DeliverAsync(app, Create(mallory, Note(mallory, replyId, "<p>second</p>", inReplyTo: parentId)), mallory);
        var orphan = await StatusByUriAsync(app, replyId);
        Assert.Equal(parentId, orphan!.InReplyToUri);
        await DeliverAsync(app, Create(mallory, Note(mallory, parentId, "<p>first</p>")), mallory);

        var parent = await StatusByUriAsync(app, parentId);
        var reply = await StatusByUriAsync(app, replyId);
        Assert.Equal(parent!.Id, reply!.InReplyToId);
        Assert.Null(reply.InReplyToUri);
        Assert.Equal(parent.ConversationId, reply.ConversationId);
        Assert.Equal(1, parent.RepliesCount);
    }

    [Fact]
    public async Task Votes_on_a_local_poll_sent_as_notes_are_counted_once_per_option()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var poll = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"),
            new StatusDraft("Soup or salad?", Poll: new PollDraft(["Soup", "Salad", "Both"], 3600, Multiple: true))));
        var pollUri = $"{TestInstance.PublicUrl}/users/alice/statuses/{poll.Id}";
        JsonObject Vote(int n, string option) => Create(mallory, new JsonObject
        {
            ["id"] = $"https://remote.example/users/mallory#votes/{n}",
            ["type"] = "Note",
            ["name"] = option,
            ["attributedTo"] = mallory.Uri,
            ["to"] = new JsonArray(LocalActor("alice")),
            ["inReplyTo"] = pollUri,
        });

        await DeliverAsync(app, Vote(1, "Soup"), mallory);
        await DeliverAsync(app, Vote(1, "Soup"), mallory);
        await DeliverAsync(app, Vote(2, "Both"), mallory);

        var stored = await app.DbAsync(db => db.Polls.AsNoTracking().SingleAsync(p => p.StatusId == poll.Id));
        Assert.Equal([1, 0, 1], stored.Tallies);
        Assert.Equal(2, stored.VotesCount);
        Assert.Equal(1, stored.VotersCount);
        Assert.False(await app.DbAsync(db => db.Statuses.AnyAsync(s => s.AccountId == mallory.Id)));
    }

    public sealed class Sqlite() : CreateHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : CreateHandlerTests(TestDatabase.Postgres);
}
