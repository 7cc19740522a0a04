using Starling.Server.Features.Relationships;

namespace Starling.Server.Tests.Features.Timelines;

public abstract class ThreadTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<World> ConversationAsync(TestInstance app) => await app.World().Users("alice", "bob", "carol", "dave")
        .Follow("carol", "bob")
        .Post("root", "alice", "Root")
        .Post("a1", "bob", "First answer", replyTo: "root")
        .Post("a1_1", "alice", "Answer to the first answer", replyTo: "a1")
        .Post("a2", "carol", "Second answer", replyTo: "root")
        .Post("a1_1_1", "bob", "Deeper", replyTo: "a1_1")
        .Post("a1_private", "bob", "For Bob's followers", Visibility.Private, replyTo: "a1")
        .Post("a2_dave", "dave", "Dave chimes in", replyTo: "a2")
        .BuildAsync();

    [Fact]
    public async Task A_thread_lists_ancestors_in_order_and_descendants_depth_first()
    {
        var app = await StartAsync();
        var world = await ConversationAsync(app);

        var thread = await app.ThreadAsync(null, world.Status("a1_1").Id);

        Assert.Equal(world.Ids("root", "a1"), TimelineReader.Ids(thread.Ancestors));
        Assert.Equal(world.Status("a1_1").Id, thread.Focus.Status.Id);
        Assert.Equal(world.Ids("a1_1_1"), TimelineReader.Ids(thread.Descendants));

        var whole = await app.ThreadAsync(null, world.Status("root").Id);
        Assert.Empty(whole.Ancestors);
        Assert.Equal(world.Ids("a1", "a1_1", "a1_1_1", "a2", "a2_dave"), TimelineReader.Ids(whole.Descendants));
    }

    [Fact]
    public async Task A_thread_shows_followers_only_replies_to_followers_only()
    {
        var app = await StartAsync();
        var world = await ConversationAsync(app);

        var asCarol = await app.ThreadAsync(world.Id("carol"), world.Status("a1").Id);
        var asDave = await app.ThreadAsync(world.Id("dave"), world.Status("a1").Id);

        Assert.Equal(world.Ids("a1_1", "a1_1_1", "a1_private"), TimelineReader.Ids(asCarol.Descendants));
        Assert.Equal(world.Ids("a1_1", "a1_1_1"), TimelineReader.Ids(asDave.Descendants));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.ThreadAsync(world.Id("dave"), world.Status("a1_private").Id));
    }

    [Fact]
    public async Task A_thread_hides_blocked_and_muted_accounts()
    {
        var app = await StartAsync();
        var world = await ConversationAsync(app);
        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("alice"), world.Id("dave")));
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(world.Id("alice"), world.Id("carol")));

        var thread = await app.ThreadAsync(world.Id("alice"), world.Status("root").Id);

        Assert.Equal(world.Ids("a1", "a1_1", "a1_1_1"), TimelineReader.Ids(thread.Descendants));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.ThreadAsync(world.Id("dave"), world.Status("root").Id));
    }

    [Fact]
    public async Task A_muted_ancestor_is_left_out_without_cutting_off_the_ancestors_above_it()
    {
        var app = await StartAsync();
        var world = await ConversationAsync(app);
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(world.Id("carol"), world.Id("bob")));

        var thread = await app.ThreadAsync(world.Id("carol"), world.Status("a1_1").Id);

        Assert.Equal(world.Ids("root"), TimelineReader.Ids(thread.Ancestors));
        Assert.Empty(thread.Descendants);
    }

    [Fact]
    public async Task A_boost_has_no_thread_of_its_own()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Post").Boost("boost", "bob", "post").BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.ThreadAsync(null, world.Status("boost").Id));
    }

    public sealed class Sqlite() : ThreadTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ThreadTests(TestDatabase.Postgres);
}
