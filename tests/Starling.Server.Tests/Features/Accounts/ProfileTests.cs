using Starling.Server.Features.Accounts;

namespace Starling.Server.Tests.Features.Accounts;

public abstract class ProfileTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<Account> Update(TestInstance app, long accountId, ProfileChanges changes) =>
        app.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(accountId, changes));

    [Fact]
    public async Task The_bio_is_rendered_with_links_mentions_and_hashtags_and_escaped()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();

        await Update(app, world.Id("alice"), new ProfileChanges("  Alice A.  ", "Friend of @bob. Into #birds. <b>https://alice.example/about</b>"));

        var alice = await world.ReloadAccountAsync("alice");
        Assert.Equal("Alice A.", alice.DisplayName);
        Assert.Equal("Friend of @bob. Into #birds. <b>https://alice.example/about</b>", alice.Note);
        Assert.Contains($"<a href=\"{TestInstance.PublicUrl}/@bob\" class=\"u-url mention\">", alice.NoteHtml);
        Assert.Contains($"href=\"{TestInstance.PublicUrl}/tags/birds\"", alice.NoteHtml);
        Assert.Contains("<a href=\"https://alice.example/about\"", alice.NoteHtml);
        Assert.Contains("&lt;b&gt;", alice.NoteHtml);
        Assert.DoesNotContain("<b>", alice.NoteHtml);
    }

    [Fact]
    public async Task Fields_left_out_stay_as_they_were()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        await Update(app, world.Id("alice"), new ProfileChanges("Alice", "Bio", Locked: true, Bot: true));

        await Update(app, world.Id("alice"), new ProfileChanges(Discoverable: false));

        var alice = await world.ReloadAccountAsync("alice");
        Assert.Equal(("Alice", "Bio", true, true, false), (alice.DisplayName, alice.Note, alice.Locked, alice.Bot, alice.Discoverable));
    }

    [Fact]
    public async Task An_invalid_change_writes_nothing_at_all()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        await Update(app, world.Id("alice"), new ProfileChanges("Alice", "Old bio"));

        var tooLongNote = await AssertRefusedAsync(DomainErrorKind.Invalid,
            () => Update(app, world.Id("alice"), new ProfileChanges("New name", new string('x', UpdateProfile.MaxNoteLength + 1), Locked: true)));
        var tooLongName = await AssertRefusedAsync(DomainErrorKind.Invalid,
            () => Update(app, world.Id("alice"), new ProfileChanges(new string('n', UpdateProfile.MaxDisplayNameLength + 1))));

        Assert.Equal("note", tooLongNote.Field);
        Assert.Equal("display_name", tooLongName.Field);
        var alice = await world.ReloadAccountAsync("alice");
        Assert.Equal(("Alice", "Old bio", false), (alice.DisplayName, alice.Note, alice.Locked));
    }

    [Fact]
    public async Task Profiles_are_found_by_username_in_any_case_but_not_when_suspended()
    {
        var app = await StartAsync();
        var world = await app.World().Users("Alice").BuildAsync();

        Assert.Equal(world.Id("Alice"), (await app.UseAsync<AccountQueries, Account>(q => q.ByUsernameAsync("@alice"))).Id);
        Assert.Equal(world.Id("Alice"), (await app.UseAsync<AccountQueries, Account>(q => q.ByIdAsync(world.Id("Alice")))).Id);

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));

        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<AccountQueries, Account>(q => q.ByUsernameAsync("alice")));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<AccountQueries, Account>(q => q.ByIdAsync(world.Id("Alice"))));
    }

    [Fact]
    public async Task Deleting_a_user_removes_everything_and_fixes_the_counts_of_others()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Follow("alice", "bob").Follow("carol", "alice")
            .Post("alice_post", "alice", "Alice")
            .Post("bob_post", "bob", "Bob")
            .Post("alice_reply", "alice", "reply", replyTo: "bob_post")
            .Boost("bob_boost", "bob", "alice_post")
            .Post("carol_post", "carol", "Carol")
            .Favourite("alice", "bob_post")
            .Favourite("carol", "bob_post")
            .Boost("alice_boost", "alice", "carol_post")
            .BuildAsync();
        await app.UseAsync<Starling.Server.Api.OAuth.CliTokens, string>(t => t.IssueAsync("alice", "read"));

        await app.UseAsync<AdministerAccount>(a => a.DeleteAsync("alice"));

        await app.DbAsync(async db =>
        {
            Assert.False(await db.Accounts.AnyAsync(a => a.Id == world.Id("alice")));
            Assert.False(await db.Users.AnyAsync(u => u.AccountId == world.Id("alice")));
            Assert.False(await db.Statuses.AnyAsync(s => s.AccountId == world.Id("alice") || s.ReblogOfId != null));
            Assert.Equal(2, await db.Statuses.CountAsync());
            Assert.False(await db.OAuthTokens.AnyAsync());
            Assert.False(await db.OAuthAuthorizations.AnyAsync());
            Assert.False(await db.Follows.AnyAsync());
            Assert.False(await db.Favourites.AnyAsync(f => f.AccountId == world.Id("alice")));
        });
        var bobPost = await world.ReloadStatusAsync("bob_post");
        Assert.Equal((1, 0), (bobPost.FavouritesCount, bobPost.RepliesCount));
        Assert.Equal(0, (await world.ReloadStatusAsync("carol_post")).ReblogsCount);
        Assert.Equal((0, 0), await Counts(world, "bob"));
        Assert.Equal((0, 0), await Counts(world, "carol"));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<AdministerAccount>(a => a.DeleteAsync("alice")));
    }

    private static async Task<(int Followers, int Following)> Counts(World world, string username)
    {
        var account = await world.ReloadAccountAsync(username);
        return (account.FollowersCount, account.FollowingCount);
    }

    public sealed class Sqlite() : ProfileTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ProfileTests(TestDatabase.Postgres);
}
