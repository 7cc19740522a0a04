using Starling.Server.Features.Accounts;
using Starling.Server.Features.Notifications;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Features.Notifications;

public abstract class NotificationTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<List<(NotificationType Type, string From, long? StatusId)>> NotificationsOf(TestInstance app, long accountId)
    {
        var page = await app.UseAsync<NotificationQueries, NotificationPage>(q => q.ListAsync(accountId, PageRequest.Default));
        return page.Items.Select(n => (n.Notification.Type, n.From.Username, n.Notification.StatusId)).ToList();
    }

    [Fact]
    public async Task Mentions_replies_follows_requests_favourites_and_boosts_each_notify_once_after_the_jobs_run()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice").User("bob").User("carol").User("dave", locked: true)
            .Post("post", "alice", "Alice's post")
            .BuildAsync();
        var post = world.Status("post").Id;

        var mention = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("bob"), new StatusDraft("Hey @alice")));
        var reply = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("carol"), new StatusDraft("Nice!", InReplyToId: post)));
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(world.Id("bob"), world.Id("alice")));
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(world.Id("alice"), world.Id("dave")));
        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(world.Id("carol"), post));
        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(world.Id("carol"), post));
        await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(world.Id("bob"), post));

        Assert.Empty(await NotificationsOf(app, world.Id("alice")));
        await app.DrainJobsAsync();

        var alice = await NotificationsOf(app, world.Id("alice"));
        Assert.Equal(
            [(NotificationType.Reblog, "bob", post), (NotificationType.Favourite, "carol", post), (NotificationType.Follow, "bob", null),
             (NotificationType.Reply, "carol", reply.Id), (NotificationType.Mention, "bob", mention.Id)],
            alice);
        Assert.Equal([(NotificationType.FollowRequest, "alice", (long?)null)], await NotificationsOf(app, world.Id("dave")));
    }

    [Fact]
    public async Task A_reply_that_also_mentions_the_parent_author_notifies_once_as_a_mention()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("post", "alice", "Root")
            .Post("reply", "bob", "@alice agreed", replyTo: "post")
            .BuildAsync();

        Assert.Equal([(NotificationType.Mention, "bob", world.Status("reply").Id)], await NotificationsOf(app, world.Id("alice")));
    }

    [Fact]
    public async Task Nobody_is_notified_of_their_own_actions()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice")
            .Post("post", "alice", "Talking to myself, @alice")
            .Post("reply", "alice", "And replying", replyTo: "post")
            .Favourite("alice", "post")
            .Boost("boost", "alice", "post")
            .BuildAsync();

        Assert.Empty(await NotificationsOf(app, world.Id("alice")));
        Assert.False(await app.DbAsync(db => db.Notifications.AnyAsync()));
    }

    [Fact]
    public async Task Blocked_accounts_notify_nobody_either_way()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("post", "alice", "Alice")
            .Block("alice", "bob")
            .Block("carol", "alice")
            .BuildAsync();

        await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("bob"), new StatusDraft("@alice can you hear me?")));
        await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("carol"), new StatusDraft("@alice I blocked you")));
        await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("@carol @bob hello?")));
        await app.DrainJobsAsync();

        Assert.False(await app.DbAsync(db => db.Notifications.AnyAsync()));
    }

    [Fact]
    public async Task A_mute_hides_notifications_unless_asked_not_to()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").Post("post", "alice", "Alice").BuildAsync();
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(world.Id("alice"), world.Id("bob")));
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(world.Id("alice"), world.Id("carol"), hideNotifications: false));

        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(world.Id("bob"), world.Status("post").Id));
        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(world.Id("carol"), world.Status("post").Id));
        await app.DrainJobsAsync();

        Assert.Equal([(NotificationType.Favourite, "carol", world.Status("post").Id)], await NotificationsOf(app, world.Id("alice")));
    }

    [Fact]
    public async Task A_mention_in_a_post_the_mentioned_cannot_see_does_not_notify()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        var status = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("bob"), new StatusDraft("@alice soon")));
        await app.UseAsync<DeleteStatus, Status>(d => d.DeleteAsync(world.Id("bob"), status.Id));

        await app.DrainJobsAsync();

        Assert.False(await app.DbAsync(db => db.Notifications.AnyAsync()));
        Assert.Equal(0, (await app.UseAsync<Starling.Server.Jobs.JobAdministration, Starling.Server.Jobs.QueueSummary>(a => a.SummaryAsync())).Parked);
    }

    [Fact]
    public async Task Unread_count_falls_to_zero_when_marked_read_and_counts_only_newer_ones_after()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("post", "alice", "Alice")
            .Favourite("bob", "post")
            .Favourite("carol", "post")
            .BuildAsync();
        var alice = world.Id("alice");
        Task<int> Unread() => app.UseAsync<NotificationQueries, int>(q => q.UnreadCountAsync(alice));

        Assert.Equal(2, await Unread());
        Assert.All((await app.UseAsync<NotificationQueries, NotificationPage>(q => q.ListAsync(alice, PageRequest.Default))).Items, n => Assert.True(n.Unread));

        await app.UseAsync<NotificationQueries>(q => q.MarkAllReadAsync(alice));
        Assert.Equal(0, await Unread());
        Assert.All((await app.UseAsync<NotificationQueries, NotificationPage>(q => q.ListAsync(alice, PageRequest.Default))).Items, n => Assert.False(n.Unread));

        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(world.Id("bob"), alice));
        await app.DrainJobsAsync();
        Assert.Equal(1, await Unread());
        await app.UseAsync<NotificationQueries>(q => q.MarkAllReadAsync(alice));
        await app.UseAsync<NotificationQueries>(q => q.MarkAllReadAsync(alice));
        Assert.Equal(0, await Unread());
        Assert.Equal(0, await app.UseAsync<NotificationQueries, int>(q => q.UnreadCountAsync(world.Id("carol"))));
    }

    [Fact]
    public async Task Notifications_from_a_suspended_account_are_neither_listed_nor_counted()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("post", "alice", "Alice")
            .Favourite("bob", "post")
            .Favourite("carol", "post")
            .BuildAsync();

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("bob"));

        Assert.Equal([(NotificationType.Favourite, "carol", world.Status("post").Id)], await NotificationsOf(app, world.Id("alice")));
        Assert.Equal(1, await app.UseAsync<NotificationQueries, int>(q => q.UnreadCountAsync(world.Id("alice"))));
    }

    [Fact]
    public async Task A_retried_notify_job_does_not_notify_twice()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Alice").BuildAsync();
        var job = new NotifyJob(world.Id("alice"), world.Id("bob"), NotificationType.Favourite, world.Status("post").Id);

        await app.UseAsync<Starling.Server.Jobs.IJobHandler<NotifyJob>>(h => h.RunAsync(job, default));
        await app.UseAsync<Starling.Server.Jobs.IJobHandler<NotifyJob>>(h => h.RunAsync(job, default));

        Assert.Equal(1, await app.DbAsync(db => db.Notifications.CountAsync()));
    }

    [Fact]
    public async Task Notifications_page_newest_first_without_gaps()
    {
        var app = await StartAsync();
        var names = Enumerable.Range(1, 9).Select(i => $"fan{i}").ToArray();
        var builder = app.World().User("alice").Users(names).Post("post", "alice", "Popular");
        foreach (var name in names)
        {
            builder.Favourite(name, "post");
        }
        var world = await builder.BuildAsync();

        var seen = new List<string>();
        long? maxId = null;
        while (true)
        {
            var page = await app.UseAsync<NotificationQueries, NotificationPage>(q => q.ListAsync(world.Id("alice"), new PageRequest(MaxId: maxId, Limit: 4)));
            if (page.Items.Count == 0)
            {
                break;
            }
            seen.AddRange(page.Items.Select(n => n.From.Username));
            Assert.All(page.Items, n => Assert.Equal(world.Status("post").Id, n.Status!.Status.Id));
            maxId = page.NextMaxId;
        }

        Assert.Equal(names.Reverse(), seen);
    }

    public sealed class Sqlite() : NotificationTests(TestDatabase.Sqlite);

    public sealed class Postgres() : NotificationTests(TestDatabase.Postgres);
}
