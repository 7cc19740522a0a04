using System.Net;

namespace Starling.Server.Tests.Web;

/// <summary>The account migration settings: aliases, and a move that must be confirmed by both accounts.</summary>
public abstract class MigrationPageTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_move_needs_the_new_account_to_name_the_old_one_and_then_moves_the_followers()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        using var erin = new WebSession(app);
        await erin.SignInAsync("erin");

        // bob (followed by carol) moves to erin's account; erin has not named bob yet.
        var form = await bob.GetAsync("/settings/migration");
        Assert.Contains("<label for=\"target-handle\">New account</label>", form.Html);
        var refused = await bob.PostWithTokenAsync("/settings/migration?handler=Move", form.AntiforgeryToken,
            [("TargetHandle", "erin"), ("Password", WorldBuilder.Password)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("does not name this account as an alias yet", refused.Html);
        Assert.Matches("<input id=\"target-handle\"[^>]*aria-invalid=\"true\"", refused.Html);

        var erinForm = await erin.GetAsync("/settings/migration");
        var added = await erin.PostWithTokenAsync("/settings/migration?handler=AddAlias", erinForm.AntiforgeryToken, [("AliasHandle", "@bob")]);
        Assert.Equal("@bob can now move to this account.", (await erin.FollowAsync(added)).Notice);
        Assert.Equal([$"{TestInstance.PublicUrl}/users/bob"], (await world.ReloadAccountAsync("erin")).AlsoKnownAs);

        var wrongPassword = await bob.PostWithTokenAsync("/settings/migration?handler=Move", form.AntiforgeryToken,
            [("TargetHandle", "erin"), ("Password", "not it")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongPassword.Status);
        Assert.Contains("That is not your current password.", wrongPassword.Html);
        Assert.Null((await world.ReloadAccountAsync("bob")).MovedToAccountId);

        var moved = await bob.PostWithTokenAsync("/settings/migration?handler=Move", form.AntiforgeryToken,
            [("TargetHandle", "erin"), ("Password", WorldBuilder.Password)]);
        var after = await bob.FollowAsync(moved);
        Assert.Equal("Your account has moved to @erin. Your followers are being moved there.", after.Notice);
        Assert.Contains("This account has moved to <a href=\"/@erin\">@erin</a>.", after.Html);
        await app.DrainJobsAsync();
        Assert.Contains($"Bob has moved to <a href=\"/@erin\">@erin@{TestInstance.Domain}</a>.", (await erin.GetAsync("/@bob")).Html);

        Assert.Equal(world.Id("erin"), (await world.ReloadAccountAsync("bob")).MovedToAccountId);
        Assert.True(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == world.Id("carol") && f.TargetAccountId == world.Id("erin"))));
        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == world.Id("carol") && f.TargetAccountId == world.Id("bob"))));
    }

    public sealed class Sqlite() : MigrationPageTests(TestDatabase.Sqlite);
    public sealed class Postgres() : MigrationPageTests(TestDatabase.Postgres);
}
