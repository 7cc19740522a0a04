using Starling.Server.Features.Accounts;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Tests.Features.Accounts;

public abstract class AccountSearchTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<List<string>> Search(TestInstance app, long? viewer, string query, int limit = 40, int offset = 0, bool followingOnly = false) =>
        (await app.UseAsync<AccountSearch, IReadOnlyList<Account>>(s => s.SearchAsync(viewer, new AccountSearchRequest(query, limit, offset, followingOnly))))
            .Select(a => a.Username).ToList();

    private static async Task<World> BirdsAsync(TestInstance app)
    {
        var world = await app.World()
            .User("viewer")
            .User("robin", displayName: "Robin Redbreast")
            .User("rob", displayName: "Rob")
            .User("robert", displayName: "Bob")
            .User("wren", displayName: "Jenny ROBINSON")
            .User("rook")
            .Follow("viewer", "robert")
            .Follow("wren", "robin").Follow("rook", "robin")
            .BuildAsync();
        return world;
    }

    [Fact]
    public async Task The_exact_name_comes_first_then_followed_accounts_then_the_most_followed()
    {
        var app = await StartAsync();
        var world = await BirdsAsync(app);

        Assert.Equal(["rob", "robert", "robin", "wren"], await Search(app, world.Id("viewer"), "rob"));
        Assert.Equal(["rob", "robert", "robin", "wren"], await Search(app, world.Id("viewer"), "@ROB"));
        Assert.Equal(["rob", "robin", "robert", "wren"], await Search(app, null, "rob"));
        Assert.Equal(["robin", "wren"], await Search(app, null, "robin"));
        Assert.Equal(["wren"], await Search(app, null, "jenny rob"));
    }

    [Fact]
    public async Task An_address_matches_the_username_on_that_server_only()
    {
        var app = await StartAsync();
        var world = await BirdsAsync(app);

        Assert.Equal(["robin"], await Search(app, world.Id("viewer"), $"@robin@{TestInstance.Domain}"));
        Assert.Empty(await Search(app, world.Id("viewer"), "robin@elsewhere.example"));
        Assert.Empty(await Search(app, world.Id("viewer"), "@"));
        Assert.Empty(await Search(app, world.Id("viewer"), "   "));
    }

    [Fact]
    public async Task Limit_offset_and_following_narrow_the_results()
    {
        var app = await StartAsync();
        var world = await BirdsAsync(app);

        Assert.Equal(["robert", "robin"], await Search(app, world.Id("viewer"), "rob", limit: 2, offset: 1));
        Assert.Equal(["robert"], await Search(app, world.Id("viewer"), "rob", followingOnly: true));
        Assert.Empty(await Search(app, null, "rob", followingOnly: true));
    }

    [Fact]
    public async Task Suspended_and_blocked_accounts_are_never_found()
    {
        var app = await StartAsync();
        var world = await BirdsAsync(app);
        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("viewer"), world.Id("rob")));
        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("wren"), world.Id("viewer")));
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("robin"));

        Assert.Equal(["robert"], await Search(app, world.Id("viewer"), "rob"));
        Assert.Equal(["rob", "robert", "wren"], await Search(app, null, "rob"));
    }

    public sealed class Sqlite() : AccountSearchTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AccountSearchTests(TestDatabase.Postgres);
}
