using Starling.Server.Features.Accounts;

namespace Starling.Server.Tests.Features.Accounts;

public abstract class AccessTokenTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<string> Issue(TestInstance app, string username, string scopes) =>
        app.UseAsync<IssueAccessToken, string>(t => t.IssueAsync(username, scopes));

    [Fact]
    public async Task A_token_is_shown_once_and_only_its_hash_is_kept_with_its_scopes()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();

        var first = await Issue(app, "alice", " read  write:statuses read ");
        var second = await Issue(app, "@Alice", "follow");

        Assert.NotEqual(first, second);
        var stored = await app.DbAsync(db => db.AccessTokens.AsNoTracking().OrderBy(t => t.Id).ToListAsync());
        Assert.Equal([IssueAccessToken.Hash(first), IssueAccessToken.Hash(second)], stored.Select(t => t.TokenHash));
        Assert.Equal(["read write:statuses", "follow"], stored.Select(t => t.Scopes));
        Assert.All(stored, t => Assert.Null(t.RevokedAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("read everything")]
    [InlineData("write:")]
    [InlineData("bogus:statuses")]
    public async Task Unknown_or_missing_scopes_are_refused(string scopes)
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => Issue(app, "alice", scopes));

        Assert.Equal("scopes", error.Field);
        Assert.False(await app.DbAsync(db => db.AccessTokens.AnyAsync()));
    }

    [Fact]
    public async Task Suspending_revokes_tokens_and_a_suspended_user_gets_none()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        await Issue(app, "alice", "read");

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));

        Assert.NotNull((await app.DbAsync(db => db.AccessTokens.AsNoTracking().SingleAsync())).RevokedAt);
        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => Issue(app, "alice", "read"));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => Issue(app, "nobody", "read"));
    }

    public sealed class Sqlite() : AccessTokenTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AccessTokenTests(TestDatabase.Postgres);
}
