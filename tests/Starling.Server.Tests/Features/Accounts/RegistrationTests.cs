using Starling.Server.Features.Accounts;

namespace Starling.Server.Tests.Features.Accounts;

public abstract class RegistrationTests(TestDatabase database) : IntegrationTest(database)
{
    private Task<TestInstance> StartInModeAsync(string mode) =>
        StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = mode } });

    private static Task<User> Register(TestInstance app, string username, string? email = null, string password = "long enough password", string? reason = null) =>
        app.UseAsync<RegisterAccount, User>(r => r.RegisterAsync(new Registration(username, email ?? $"{username}@example.com", password, reason)));

    private static Task<User> SignIn(TestInstance app, string login, string password = "long enough password") =>
        app.UseAsync<SignIn, User>(s => s.VerifyAsync(login, password));

    [Fact]
    public async Task Open_registration_creates_an_approved_account_that_can_sign_in()
    {
        var app = await StartInModeAsync("open");

        var user = await Register(app, "  Alice_1  ", "  Alice@Example.COM ");

        var stored = await app.DbAsync(db => db.Users.AsNoTracking().Include(u => u.Account).SingleAsync());
        Assert.Equal("Alice_1", stored.Account.Username);
        Assert.Equal("alice_1", stored.Account.UsernameNormalized);
        Assert.Equal("alice@example.com", stored.EmailNormalized);
        Assert.True(stored.Approved);
        Assert.False(stored.Admin);
        Assert.NotEqual("long enough password", stored.PasswordHash);
        Assert.Equal(user.Id, (await SignIn(app, "alice_1")).Id);
    }

    [Fact]
    public async Task Approval_mode_keeps_the_reason_and_refuses_sign_in_until_approved()
    {
        var app = await StartInModeAsync("approval");

        var user = await Register(app, "bob", reason: "  I like birds  ");

        Assert.False(user.Approved);
        Assert.Equal("I like birds", user.SignUpReason);
        var refused = await AssertRefusedAsync(DomainErrorKind.Forbidden, () => SignIn(app, "bob"));
        Assert.Contains("approval", refused.Message);

        await app.UseAsync<AdministerAccount>(a => a.ApproveAsync("bob"));
        Assert.Equal(user.Id, (await SignIn(app, "bob")).Id);
    }

    [Fact]
    public async Task Closed_registration_refuses_everyone_but_an_administrator()
    {
        var app = await StartInModeAsync("closed");

        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => Register(app, "carol"));
        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync()));

        var created = await app.UseAsync<RegisterAccount, User>(r => r.RegisterAsync(new Registration("carol", "carol@example.com", "long enough password"), byAdmin: true, admin: true));
        Assert.True(created.Approved);
        Assert.True(created.Admin);
    }

    [Theory]
    [InlineData("alice", "ALICE")]
    [InlineData("Alice", "alice")]
    public async Task Usernames_are_unique_whatever_their_case(string first, string second)
    {
        var app = await StartAsync();
        await Register(app, first, "first@example.com");

        var error = await AssertRefusedAsync(DomainErrorKind.Conflict, () => Register(app, second, "second@example.com"));

        Assert.Equal("username", error.Field);
        Assert.Equal(1, await app.DbAsync(db => db.Accounts.CountAsync()));
        Assert.Equal(1, await app.DbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Emails_are_unique_whatever_their_case()
    {
        var app = await StartAsync();
        await Register(app, "alice", "shared@example.com");

        var error = await AssertRefusedAsync(DomainErrorKind.Conflict, () => Register(app, "bob", "Shared@Example.com"));

        Assert.Equal("email", error.Field);
        Assert.Equal(1, await app.DbAsync(db => db.Accounts.CountAsync()));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Admin")]
    [InlineData("settings")]
    [InlineData("starling")]
    public async Task Reserved_names_are_refused(string username)
    {
        var app = await StartAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Conflict, () => Register(app, username));

        Assert.Equal("username", error.Field);
        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync()));
    }

    [Fact]
    public async Task An_admin_may_give_out_staff_names_but_not_system_names()
    {
        var app = await StartAsync();

        var admin = await app.UseAsync<RegisterAccount, User>(r => r.RegisterAsync(new Registration("admin", "admin@example.com", "a long passphrase"), byAdmin: true, admin: true));
        var error = await AssertRefusedAsync(DomainErrorKind.Conflict, () =>
            app.UseAsync<RegisterAccount, User>(r => r.RegisterAsync(new Registration("settings", "settings@example.com", "a long passphrase"), byAdmin: true)));

        Assert.Equal("admin", admin.Account.Username);
        Assert.Equal("username", error.Field);
        Assert.Equal(1, await app.DbAsync(db => db.Accounts.CountAsync()));
    }

    [Theory]
    [InlineData("", "username")]
    [InlineData("has space", "username")]
    [InlineData("dots.in.name", "username")]
    [InlineData("ünïcode", "username")]
    [InlineData("a_name_that_is_far_too_long_for_us", "username")]
    public async Task Malformed_usernames_are_refused(string username, string field)
    {
        var app = await StartAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => Register(app, username, "someone@example.com"));

        Assert.Equal(field, error.Field);
        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("nodot@localhost")]
    public async Task Bad_emails_are_refused(string email)
    {
        var app = await StartAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => Register(app, "alice", email));

        Assert.Equal("email", error.Field);
        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync()));
    }

    [Fact]
    public async Task Passwords_must_be_between_8_and_128_characters()
    {
        var app = await StartAsync();

        Assert.Equal("password", (await AssertRefusedAsync(DomainErrorKind.Invalid, () => Register(app, "alice", password: "short12"))).Field);
        Assert.Equal("password", (await AssertRefusedAsync(DomainErrorKind.Invalid, () => Register(app, "alice", password: new string('p', 129)))).Field);
        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync()));

        await Register(app, "alice", password: "exactly8");
        await Register(app, "bob", password: new string('p', 128));
    }

    [Fact]
    public async Task Sign_in_works_by_username_or_email_in_any_case_and_refuses_wrong_passwords_alike()
    {
        var app = await StartAsync();
        var user = await Register(app, "alice", "alice@example.com");

        Assert.Equal(user.Id, (await SignIn(app, "alice")).Id);
        Assert.Equal(user.Id, (await SignIn(app, "@ALICE")).Id);
        Assert.Equal(user.Id, (await SignIn(app, " Alice@Example.com ")).Id);

        var wrongPassword = await AssertRefusedAsync(DomainErrorKind.Invalid, () => SignIn(app, "alice", "wrong password"));
        var unknownUser = await AssertRefusedAsync(DomainErrorKind.Invalid, () => SignIn(app, "nobody", "long enough password"));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => SignIn(app, "", ""));
        // The same words for both, so the form does not reveal which accounts exist.
        Assert.Equal(wrongPassword.Message, unknownUser.Message);
    }

    [Fact]
    public async Task A_suspended_user_cannot_sign_in_until_unsuspended()
    {
        var app = await StartAsync();
        var user = await Register(app, "alice");
        var stampBefore = user.SecurityStamp;

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));

        var refused = await AssertRefusedAsync(DomainErrorKind.Forbidden, () => SignIn(app, "alice"));
        Assert.Contains("suspended", refused.Message);
        Assert.NotEqual(stampBefore, (await app.DbAsync(db => db.Users.AsNoTracking().SingleAsync())).SecurityStamp);
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => SignIn(app, "alice", "wrong password"));

        await app.UseAsync<AdministerAccount>(a => a.UnsuspendAsync("alice"));
        Assert.Equal(user.Id, (await SignIn(app, "alice")).Id);
    }

    [Fact]
    public async Task A_check_lists_every_problem_once_per_field_and_changes_nothing()
    {
        var app = await StartAsync();
        await Register(app, "taken", "taken@example.com");

        var blank = await app.UseAsync<RegisterAccount, IReadOnlyList<RegistrationProblem>>(r => r.CheckAsync(new Registration(" ", "", "")));
        var clashes = await app.UseAsync<RegisterAccount, IReadOnlyList<RegistrationProblem>>(r =>
            r.CheckAsync(new Registration("TAKEN", "Taken@Example.com", new string('p', PasswordRules.MaxLength + 1))));
        var odd = await app.UseAsync<RegisterAccount, IReadOnlyList<RegistrationProblem>>(r => r.CheckAsync(new Registration("admin", "not-an-email", "short")));
        var bad = await app.UseAsync<RegisterAccount, IReadOnlyList<RegistrationProblem>>(r => r.CheckAsync(new Registration("no spaces", "ok@example.com", "long enough password")));
        var fine = await app.UseAsync<RegisterAccount, IReadOnlyList<RegistrationProblem>>(r => r.CheckAsync(new Registration("newcomer", "new@example.com", "long enough password")));

        Assert.Equal([("username", RegistrationProblemKind.Blank), ("email", RegistrationProblemKind.Blank), ("password", RegistrationProblemKind.Blank)],
            blank.Select(p => (p.Field, p.Kind)));
        Assert.Equal([("username", RegistrationProblemKind.Taken), ("email", RegistrationProblemKind.Taken), ("password", RegistrationProblemKind.TooLong)],
            clashes.Select(p => (p.Field, p.Kind)));
        Assert.Equal([("username", RegistrationProblemKind.Reserved), ("email", RegistrationProblemKind.Invalid), ("password", RegistrationProblemKind.TooShort)],
            odd.Select(p => (p.Field, p.Kind)));
        Assert.Equal([("username", RegistrationProblemKind.Invalid)], bad.Select(p => (p.Field, p.Kind)));
        Assert.Empty(fine);
        Assert.All(blank.Concat(clashes).Concat(odd), p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        Assert.Equal(1, await app.DbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_check_refuses_outright_when_registrations_are_closed()
    {
        var app = await StartInModeAsync("closed");

        await AssertRefusedAsync(DomainErrorKind.Forbidden, () =>
            app.UseAsync<RegisterAccount, IReadOnlyList<RegistrationProblem>>(r => r.CheckAsync(new Registration("newcomer", "new@example.com", "long enough password"))));
    }

    public sealed class Sqlite() : RegistrationTests(TestDatabase.Sqlite);

    public sealed class Postgres() : RegistrationTests(TestDatabase.Postgres);
}
