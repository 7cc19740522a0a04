using Microsoft.EntityFrameworkCore;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Federation.Tests.Network;

/// <summary>Posts, replies, boosts, likes, edits, deletions, profile changes and polls, across two servers.</summary>
public abstract class ConversationTests(TestDatabase database) : NetworkTest(database)
{
    /// <summary>alice and erin on alpha; alice follows bob on beta, erin follows nobody.</summary>
    private async Task<(FederationNetwork Network, TestInstance Alpha, TestInstance Beta, World A, World B, Account Bob)> ArrangeAsync()
    {
        var (network, alpha, beta) = await StartPairAsync();
        var a = await alpha.World().Users("alice", "erin").BuildAsync();
        var b = await beta.World().Users("bob", "carol").BuildAsync();
        var bob = await FindAsync(alpha, "bob@beta.test");
        await alpha.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(a.Id("alice"), bob.Id));
        await network.SettleAsync();
        return (network, alpha, beta, a, b, bob);
    }

    [Fact]
    public async Task Each_visibility_reaches_exactly_whom_it_should()
    {
        var (network, alpha, beta, a, b, _) = await ArrangeAsync();
        var erin = await FindAsync(beta, "erin@alpha.test");

        var open = await PostAsync(beta, b.Id("bob"), new StatusDraft("public"));
        var unlisted = await PostAsync(beta, b.Id("bob"), new StatusDraft("unlisted", Visibility: Visibility.Unlisted));
        var followers = await PostAsync(beta, b.Id("bob"), new StatusDraft("followers only", Visibility: Visibility.Private));
        var direct = await PostAsync(beta, b.Id("bob"), new StatusDraft("@erin@alpha.test just for you", Visibility: Visibility.Direct));
        await network.SettleAsync();

        Assert.Equal(Visibility.Public, (await CopyAsync(alpha, StatusUri(Beta, "bob", open.Id)))!.Visibility);
        Assert.Equal(Visibility.Unlisted, (await CopyAsync(alpha, StatusUri(Beta, "bob", unlisted.Id)))!.Visibility);
        Assert.Equal(Visibility.Private, (await CopyAsync(alpha, StatusUri(Beta, "bob", followers.Id)))!.Visibility);
        Assert.Equal(Visibility.Direct, (await CopyAsync(alpha, StatusUri(Beta, "bob", direct.Id)))!.Visibility);

        var aliceHome = (await HomeAsync(alpha, a.Id("alice"))).Select(v => v.Status.Uri).ToList();
        Assert.Equal([StatusUri(Beta, "bob", followers.Id), StatusUri(Beta, "bob", unlisted.Id), StatusUri(Beta, "bob", open.Id)], aliceHome);
        var mention = Assert.Single(await NotificationsAsync(alpha, a.Id("erin")));
        Assert.Equal(NotificationType.Mention, mention.Notification.Type);
        Assert.Equal(StatusUri(Beta, "bob", direct.Id), mention.Status!.Status.Uri);
        Assert.Empty(await HomeAsync(alpha, a.Id("erin")));
        Assert.NotNull(erin);
    }

    [Fact]
    public async Task A_reply_joins_the_thread_on_the_other_server_and_tells_the_author()
    {
        var (network, alpha, beta, a, b, _) = await ArrangeAsync();
        var original = await PostAsync(beta, b.Id("bob"), new StatusDraft("What do you think?"));
        await network.SettleAsync();
        var copy = (await CopyAsync(alpha, StatusUri(Beta, "bob", original.Id)))!;

        var reply = await PostAsync(alpha, a.Id("alice"), new StatusDraft("@bob@beta.test I agree", InReplyToId: copy.Id));
        await network.SettleAsync();

        var thread = await beta.UseAsync<ThreadQueries, StatusThread>(t => t.ThreadAsync(b.Id("bob"), original.Id));
        var answer = Assert.Single(thread.Descendants);
        Assert.Equal(StatusUri(Alpha, "alice", reply.Id), answer.Status.Uri);
        Assert.Equal(1, (await beta.DbAsync(db => db.Statuses.SingleAsync(s => s.Id == original.Id))).RepliesCount);
        var notification = Assert.Single(await NotificationsAsync(beta, b.Id("bob")), n => n.Notification.Type == NotificationType.Mention);
        Assert.Equal(answer.Status.Id, notification.Status!.Status.Id);
    }

    [Fact]
    public async Task Boosts_and_likes_are_counted_and_notified_on_the_authors_server_and_undone()
    {
        var (network, alpha, beta, a, b, _) = await ArrangeAsync();
        var post = await PostAsync(beta, b.Id("bob"), new StatusDraft("Boost me"));
        await network.SettleAsync();
        var copy = (await CopyAsync(alpha, StatusUri(Beta, "bob", post.Id)))!;

        await alpha.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(a.Id("alice"), copy.Id));
        await alpha.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(a.Id("alice"), copy.Id));
        await network.SettleAsync();

        var original = await beta.DbAsync(db => db.Statuses.SingleAsync(s => s.Id == post.Id));
        Assert.Equal((1, 1), (original.ReblogsCount, original.FavouritesCount));
        var types = (await NotificationsAsync(beta, b.Id("bob"))).Select(n => n.Notification.Type).Order().ToList();
        Assert.Equal(new[] { NotificationType.Follow, NotificationType.Favourite, NotificationType.Reblog }.Order(), types);

        await alpha.UseAsync<ReblogStatus, Status>(r => r.UnreblogAsync(a.Id("alice"), copy.Id));
        await alpha.UseAsync<FavouriteStatus, Status>(f => f.UnfavouriteAsync(a.Id("alice"), copy.Id));
        await network.SettleAsync();

        original = await beta.DbAsync(db => db.Statuses.SingleAsync(s => s.Id == post.Id));
        Assert.Equal((0, 0), (original.ReblogsCount, original.FavouritesCount));
        Assert.False(await beta.DbAsync(db => db.Statuses.AnyAsync(s => s.ReblogOfId == post.Id)));
    }

    [Fact]
    public async Task Edits_and_deletions_reach_the_copies()
    {
        var (network, alpha, beta, a, b, _) = await ArrangeAsync();
        var post = await PostAsync(beta, b.Id("bob"), new StatusDraft("First draft"));
        await network.SettleAsync();

        await beta.UseAsync<EditStatus, Status>(e => e.EditAsync(b.Id("bob"), post.Id, new StatusEditDraft("Second draft")));
        await network.SettleAsync();
        var copy = (await CopyAsync(alpha, StatusUri(Beta, "bob", post.Id)))!;
        Assert.Contains("Second draft", copy.ContentHtml);
        Assert.NotNull(copy.EditedAt);

        await beta.UseAsync<DeleteStatus, Status>(d => d.DeleteAsync(b.Id("bob"), post.Id));
        await network.SettleAsync();
        Assert.Null(await CopyAsync(alpha, StatusUri(Beta, "bob", post.Id)));
        Assert.Empty(await HomeAsync(alpha, a.Id("alice")));
    }

    [Fact]
    public async Task A_profile_change_and_a_deleted_account_reach_the_followers_server()
    {
        var (network, alpha, beta, a, b, bob) = await ArrangeAsync();

        await beta.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(b.Id("bob"), new ProfileChanges(DisplayName: "Bob B.", Note: "Now with a bio")));
        await network.SettleAsync();
        var updated = await alpha.DbAsync(db => db.Accounts.SingleAsync(x => x.Id == bob.Id));
        Assert.Equal("Bob B.", updated.DisplayName);
        Assert.Contains("Now with a bio", updated.NoteHtml);

        await PostAsync(beta, b.Id("bob"), new StatusDraft("Goodbye"));
        await network.SettleAsync();
        await beta.UseAsync<AdministerAccount>(x => x.DeleteAsync("bob"));
        await network.SettleAsync();

        Assert.False(await alpha.DbAsync(db => db.Statuses.AnyAsync(s => s.AccountId == bob.Id)));
        Assert.False(await alpha.DbAsync(db => db.Follows.AnyAsync(f => f.TargetAccountId == bob.Id)));
    }

    [Fact]
    public async Task A_vote_from_another_server_is_counted_in_the_poll()
    {
        var (network, alpha, beta, a, b, _) = await ArrangeAsync();
        var poll = await PostAsync(beta, b.Id("bob"), new StatusDraft("Tea or coffee?", Poll: new PollDraft(["tea", "coffee"], 3600)));
        await network.SettleAsync();
        var copy = (await CopyAsync(alpha, StatusUri(Beta, "bob", poll.Id)))!;
        var pollCopy = await alpha.DbAsync(db => db.Polls.SingleAsync(p => p.StatusId == copy.Id));
        Assert.Equal(["tea", "coffee"], pollCopy.Options);

        await alpha.UseAsync<VotePoll, Poll>(v => v.VoteAsync(a.Id("alice"), pollCopy.Id, [1]));
        await network.SettleAsync();

        var original = await beta.DbAsync(db => db.Polls.SingleAsync(p => p.StatusId == poll.Id));
        Assert.Equal([0, 1], original.Tallies);
        Assert.Equal(1, original.VotersCount);
    }

    public sealed class Sqlite() : ConversationTests(TestDatabase.Sqlite);
    public sealed class Postgres() : ConversationTests(TestDatabase.Postgres);
}
