using Starling.Server.Features.Accounts;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Statuses;

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
    public async Task Profile_fields_are_stored_in_order_with_their_values_rendered_like_the_bio()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();

        await Update(app, world.Id("alice"), new ProfileChanges(Fields:
        [
            new("Website", " https://alice.example "),
            new("", ""),
            new("Friends", "@bob and #birds <i>too</i>"),
            new("Pronouns", "she/her\nand more"),
        ]));

        var alice = await world.ReloadAccountAsync("alice");
        Assert.Equal(["Website", "Friends", "Pronouns"], alice.Fields.Select(f => f.Name));
        Assert.Equal(["https://alice.example", "@bob and #birds <i>too</i>", "she/her and more"], alice.Fields.Select(f => f.Value));
        Assert.StartsWith("<a href=\"https://alice.example\" rel=\"nofollow noopener noreferrer\"", alice.Fields[0].ValueHtml);
        Assert.Contains($"<a href=\"{TestInstance.PublicUrl}/@bob\" class=\"u-url mention\">", alice.Fields[1].ValueHtml);
        Assert.Contains($"href=\"{TestInstance.PublicUrl}/tags/birds\"", alice.Fields[1].ValueHtml);
        Assert.Contains("&lt;i&gt;", alice.Fields[1].ValueHtml);
        Assert.DoesNotContain("<p>", alice.Fields[1].ValueHtml);

        await Update(app, world.Id("alice"), new ProfileChanges(DisplayName: "Alice"));
        Assert.Equal(3, (await world.ReloadAccountAsync("alice")).Fields.Count);
        await Update(app, world.Id("alice"), new ProfileChanges(Fields: []));
        Assert.Empty((await world.ReloadAccountAsync("alice")).Fields);
    }

    [Fact]
    public async Task Too_many_or_too_long_fields_are_refused_and_nothing_is_written()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        await Update(app, world.Id("alice"), new ProfileChanges(Fields: [new("Kept", "yes")]));

        var tooMany = await AssertRefusedAsync(DomainErrorKind.Invalid, () => Update(app, world.Id("alice"),
            new ProfileChanges("New name", Fields: Enumerable.Range(1, UpdateProfile.MaxFields + 1).Select(n => new ProfileFieldInput($"F{n}", "v")).ToList())));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Update(app, world.Id("alice"),
            new ProfileChanges(Fields: [new(new string('n', UpdateProfile.MaxFieldNameLength + 1), "v")])));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Update(app, world.Id("alice"),
            new ProfileChanges(Fields: [new("Name", new string('v', UpdateProfile.MaxFieldValueLength + 1))])));

        Assert.Equal("fields_attributes", tooMany.Field);
        var alice = await world.ReloadAccountAsync("alice");
        Assert.Equal("", alice.DisplayName);
        Assert.Equal([new ProfileField("Kept", "yes", "yes")], alice.Fields);
    }

    [Fact]
    public async Task Posting_defaults_are_kept_on_the_user_and_direct_or_odd_languages_are_refused()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();

        await Update(app, world.Id("alice"), new ProfileChanges(DefaultVisibility: Visibility.Private, DefaultSensitive: true, DefaultLanguage: "pt-BR"));
        var refusedDirect = await AssertRefusedAsync(DomainErrorKind.Invalid, () => Update(app, world.Id("alice"),
            new ProfileChanges(DefaultVisibility: Visibility.Direct, DefaultLanguage: "de")));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Update(app, world.Id("alice"), new ProfileChanges(DefaultLanguage: "English")));

        Assert.Equal("privacy", refusedDirect.Field);
        var user = await app.DbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.AccountId == world.Id("alice")));
        Assert.Equal((Visibility.Private, true, "pt-BR"), (user.DefaultVisibility, user.DefaultSensitive, user.DefaultLanguage));

        await Update(app, world.Id("alice"), new ProfileChanges(DefaultLanguage: ""));
        Assert.Null((await app.DbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.AccountId == world.Id("alice")))).DefaultLanguage);
    }

    [Fact]
    public async Task Accounts_are_found_by_address_and_by_id_even_when_suspended_but_only_when_they_exist()
    {
        var app = await StartAsync();
        var world = await app.World().Users("Alice", "bob").BuildAsync();
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("bob"));

        foreach (var acct in new[] { "alice", "@ALICE", $"alice@{TestInstance.Domain}", $"@Alice@{TestInstance.Domain.ToUpperInvariant()}" })
        {
            Assert.Equal(world.Id("Alice"), (await app.UseAsync<AccountQueries, Account>(q => q.ByAcctAsync(acct))).Id);
        }
        Assert.True((await app.UseAsync<AccountQueries, Account>(q => q.ByAcctAsync("bob"))).IsSuspended);
        Assert.True((await app.UseAsync<AccountQueries, Account>(q => q.ProfileAsync(world.Id("bob")))).IsSuspended);
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<AccountQueries, Account>(q => q.ByAcctAsync("alice@elsewhere.example")));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<AccountQueries, Account>(q => q.ByAcctAsync("@")));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<AccountQueries, Account>(q => q.ProfileAsync(42)));

        var many = await app.UseAsync<AccountQueries, IReadOnlyList<Account>>(q => q.ByIdsAsync([world.Id("bob"), 42, world.Id("Alice"), world.Id("Alice")]));
        Assert.Equal([world.Id("Alice")], many.Select(a => a.Id));
        var withSuspended = await app.UseAsync<AccountQueries, IReadOnlyList<Account>>(q => q.ByIdsAsync([world.Id("bob"), world.Id("Alice")], includeSuspended: true));
        Assert.Equal([world.Id("bob"), world.Id("Alice")], withSuspended.Select(a => a.Id));
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

    [Fact]
    public async Task Deleting_a_user_takes_their_votes_out_of_other_peoples_polls()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").BuildAsync();
        var question = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("bob"),
            new StatusDraft("Tea or coffee?", Poll: new PollDraft(["Tea", "Coffee"], 3600))));
        var pollId = await app.DbAsync(db => db.Polls.Where(p => p.StatusId == question.Id).Select(p => p.Id).SingleAsync());
        await app.UseAsync<VotePoll, Poll>(v => v.VoteAsync(world.Id("alice"), pollId, [1]));
        await app.UseAsync<VotePoll, Poll>(v => v.VoteAsync(world.Id("carol"), pollId, [1]));

        await app.UseAsync<AdministerAccount>(a => a.DeleteAsync("alice"));

        var poll = await app.DbAsync(db => db.Polls.AsNoTracking().SingleAsync(p => p.Id == pollId));
        Assert.Equal([0, 1], poll.Tallies);
        Assert.Equal((1, 1), (poll.VotesCount, poll.VotersCount));
    }

    private static async Task<(int Followers, int Following)> Counts(World world, string username)
    {
        var account = await world.ReloadAccountAsync(username);
        return (account.FollowersCount, account.FollowingCount);
    }

    public sealed class Sqlite() : ProfileTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ProfileTests(TestDatabase.Postgres);
}
