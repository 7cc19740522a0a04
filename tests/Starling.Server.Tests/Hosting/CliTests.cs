using Starling.Server.Features.Accounts;

namespace Starling.Server.Tests.Hosting;

/// <summary>
/// The command-line verbs, run for real as a child process against a real database. Each run starts a fresh process
/// (several seconds), so the full set runs on SQLite and <see cref="PostgresCliTests"/> proves the verbs on PostgreSQL.
/// </summary>
public sealed class CliTests() : IntegrationTest(TestDatabase.Sqlite), IAsyncLifetime
{
    private TestStorage _storage = null!;

    async Task IAsyncLifetime.InitializeAsync() => _storage = await TestStorage.CreateAsync(Database);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _storage.DisposeAsync();
    }

    private Task<ProcessResult> Run(params string[] args) => ServerProcess.RunAsync(_storage, args);

    private async Task<ProcessResult> RunOk(params string[] args)
    {
        var result = await Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Looks at what the verbs left behind through a server started on the same storage.</summary>
    private Task<TestInstance> OpenAsync() => StartAsync(o => o with { Storage = _storage });

    [Fact]
    public async Task Migrate_creates_the_database_and_says_so()
    {
        var result = await RunOk("migrate");

        Assert.Equal("Database is up to date.", result.OutputLines[^1]);
        var app = await OpenAsync();
        Assert.Empty(await app.DbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Fact]
    public async Task User_create_makes_an_approved_user_and_an_admin_when_asked()
    {
        var alice = await RunOk("user", "create", "--username", "alice", "--email", "alice@example.com", "--password", "long enough password", "--admin");
        var bob = await RunOk("user", "create", "--username", "bob", "--email", "bob@example.com", "--password", "long enough password");

        Assert.Equal("Created user @alice (admin).", alice.OutputLines[^1]);
        Assert.Equal("Created user @bob.", bob.OutputLines[^1]);
        var app = await OpenAsync();
        var users = await app.DbAsync(db => db.Users.AsNoTracking().Include(u => u.Account).OrderBy(u => u.Account.Username).ToListAsync());
        Assert.Equal([("alice", true, true), ("bob", false, true)], users.Select(u => (u.Account.Username, u.Admin, u.Approved)));
        Assert.Equal(users[0].Id, (await app.UseAsync<SignIn, User>(s => s.VerifyAsync("alice", "long enough password"))).Id);
    }

    [Fact]
    public async Task User_create_works_even_when_registrations_are_closed()
    {
        var environment = _storage.Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["Starling__Registrations"] = "closed";

        var result = await ServerProcess.RunAsync(environment, "user", "create", "--username", "carol", "--email", "carol@example.com", "--password", "long enough password");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_refused_verb_exits_with_one_and_says_why_on_stderr()
    {
        await RunOk("user", "create", "--username", "alice", "--email", "alice@example.com", "--password", "long enough password");

        var duplicate = await Run("user", "create", "--username", "ALICE", "--email", "other@example.com", "--password", "long enough password");
        var shortPassword = await Run("user", "create", "--username", "bob", "--email", "bob@example.com", "--password", "short");
        var missing = await Run("user", "suspend", "--username", "nobody");

        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("Error: That username is already taken.", duplicate.Error);
        Assert.Equal(1, shortPassword.ExitCode);
        Assert.Contains("Error: A password needs at least 8 characters.", shortPassword.Error);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Error: User 'nobody' not found.", missing.Error);
        Assert.DoesNotContain("   at ", duplicate.Error + shortPassword.Error + missing.Error);
    }

    [Fact]
    public async Task A_missing_option_or_unknown_verb_exits_non_zero_and_names_the_problem()
    {
        var missingOption = await Run("user", "create", "--username", "alice");
        var unknownVerb = await Run("user", "frobnicate");

        Assert.NotEqual(0, missingOption.ExitCode);
        Assert.Contains("--email", missingOption.Error);
        Assert.NotEqual(0, unknownVerb.ExitCode);
        Assert.Contains("frobnicate", unknownVerb.Error);
    }

    [Fact]
    public async Task User_token_prints_a_bearer_token_that_works_against_the_api_and_stores_only_its_hash()
    {
        await RunOk("user", "create", "--username", "alice", "--email", "alice@example.com", "--password", "long enough password");

        var result = await RunOk("user", "token", "--username", "alice", "--scopes", "read write");

        var token = result.Output.TrimEnd('\n', '\r').Split('\n')[^1];
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        var app = await OpenAsync();
        var stored = await app.DbAsync(db => db.OAuthTokens.AsNoTracking().Include(t => t.Application).SingleAsync());
        Assert.Equal(("urn:ietf:params:oauth:token-type:access_token", "valid", "Starling CLI"), (stored.Type, stored.Status, stored.Application!.DisplayName));
        Assert.DoesNotContain(token, stored.ReferenceId + stored.Payload);
        using var client = new Starling.Server.Tests.Api.ApiClient(app);
        var verified = await Starling.Server.Tests.Api.ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/apps/verify_credentials", token), System.Net.HttpStatusCode.OK);
        Assert.Equal("Starling CLI", verified.GetProperty("name").GetString());
        await Starling.Server.Tests.Api.ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task User_token_refuses_unknown_scopes_and_suspended_users()
    {
        await RunOk("user", "create", "--username", "alice", "--email", "alice@example.com", "--password", "long enough password");

        var badScope = await Run("user", "token", "--username", "alice", "--scopes", "read everything");
        await RunOk("user", "suspend", "--username", "alice");
        var suspended = await Run("user", "token", "--username", "alice");

        Assert.Equal(1, badScope.ExitCode);
        Assert.Contains("Unknown scope: everything.", badScope.Error);
        Assert.Equal(1, suspended.ExitCode);
        Assert.Contains("suspended", suspended.Error);
        Assert.False(await (await OpenAsync()).DbAsync(db => db.OAuthTokens.AnyAsync()));
    }

    [Fact]
    public async Task Admin_verbs_change_the_user_and_report_it()
    {
        {
            // A sign-up waiting for approval, made the way the web form makes it.
            await using var signUp = await TestInstance.StartAsync(new TestInstanceOptions
            {
                Database = Database,
                Storage = _storage,
                Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = "approval" },
            });
            await signUp.UseAsync<RegisterAccount, User>(r => r.RegisterAsync(new Registration("dave", "dave@example.com", "long enough password")));
        }

        Assert.Equal("User @dave approved.", (await RunOk("user", "approve", "--username", "dave")).OutputLines[^1]);
        Assert.Equal("User @dave confirmed.", (await RunOk("user", "confirm", "--username", "dave")).OutputLines[^1]);
        Assert.Equal("User @dave suspended.", (await RunOk("user", "suspend", "--username", "@dave")).OutputLines[^1]);
        var app = await OpenAsync();
        var dave = await app.DbAsync(db => db.Users.AsNoTracking().Include(u => u.Account).SingleAsync());
        Assert.True(dave.Approved);
        Assert.True(dave.Account.IsSuspended);

        Assert.Equal("User @dave unsuspended.", (await RunOk("user", "unsuspend", "--username", "dave")).OutputLines[^1]);
        Assert.False((await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync())).IsSuspended);
        Assert.Equal("User @dave deleted.", (await RunOk("user", "delete", "--username", "dave")).OutputLines[^1]);
        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync()));
    }

}

/// <summary>The verbs that touch most of the database, on PostgreSQL.</summary>
public sealed class PostgresCliTests() : IntegrationTest(TestDatabase.Postgres), IAsyncLifetime
{
    private TestStorage _storage = null!;

    async Task IAsyncLifetime.InitializeAsync() => _storage = await TestStorage.CreateAsync(Database);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task Create_token_and_suspend_work_on_postgres()
    {
        var created = await ServerProcess.RunAsync(_storage, "user", "create", "--username", "alice", "--email", "alice@example.com", "--password", "long enough password");
        var token = await ServerProcess.RunAsync(_storage, "user", "token", "--username", "alice");
        var suspended = await ServerProcess.RunAsync(_storage, "user", "suspend", "--username", "alice");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(token.ExitCode == 0, token.ToString());
        Assert.True(suspended.ExitCode == 0, suspended.ToString());
        var app = await StartAsync(o => o with { Storage = _storage });
        var stored = await app.DbAsync(db => db.OAuthTokens.AsNoTracking().SingleAsync());
        Assert.Equal("revoked", stored.Status);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token.OutputLines[^1]);
        using var client = new Starling.Server.Tests.Api.ApiClient(app);
        await Starling.Server.Tests.Api.ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/preferences", token.OutputLines[^1]), System.Net.HttpStatusCode.Unauthorized, "The access token is invalid");
        Assert.True((await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync())).IsSuspended);
    }
}
