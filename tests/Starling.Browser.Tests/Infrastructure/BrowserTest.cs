using Xunit.Abstractions;

namespace Starling.Browser.Tests.Infrastructure;

/// <summary>
/// Base for every browser scenario: opens browser contexts (one per person), watches every page for problems,
/// and fails the test when any page logged a console error or got an error response it did not expect.
/// </summary>
public abstract class BrowserTest(StarlingBrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    private readonly List<IBrowserContext> _contexts = [];

    protected StarlingBrowserFixture Fixture { get; } = fixture;

    protected ITestOutputHelper Output { get; } = output;

    protected PageProblems Problems { get; } = new();

    protected Uri BaseUrl => Fixture.Server.BaseUrl;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
        var problems = Problems.Snapshot();
        if (problems.Count > 0)
        {
            Output.WriteLine(Fixture.Server.Log);
            Assert.Fail("Pages reported problems:\n" + string.Join("\n", problems));
        }
    }

    /// <summary>A fresh browser profile (its own cookies), as a separate person at their own computer.</summary>
    protected async Task<IBrowserContext> NewContextAsync(bool javaScript = true, ColorScheme colorScheme = ColorScheme.Light,
        int width = 1280, int height = 900)
    {
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            JavaScriptEnabled = javaScript,
            ColorScheme = colorScheme,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        _contexts.Add(context);
        Problems.Watch(context);
        await SendPublicNameToServerAsync(context);
        return context;
    }

    /// <summary>
    /// A server that calls itself by a public name (https://starling.example) writes that name into the links of its
    /// files; the browser is told to fetch those from where the server really listens.
    /// </summary>
    private async Task SendPublicNameToServerAsync(IBrowserContext context)
    {
        var publicUrl = Fixture.Server.PublicUrl.TrimEnd('/');
        var address = BaseUrl.ToString().TrimEnd('/');
        if (publicUrl == address)
        {
            return;
        }
        await context.RouteAsync(publicUrl + "/**", async route =>
        {
            var response = await route.FetchAsync(new() { Url = address + route.Request.Url[publicUrl.Length..] });
            await route.FulfillAsync(new() { Response = response });
        });
    }

    protected async Task<IPage> NewPageAsync(bool javaScript = true, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await NewContextAsync(javaScript, colorScheme);
        return await context.NewPageAsync();
    }

    /// <summary>A new person who signs up through the sign-up form and is left signed in on their home page.</summary>
    protected async Task<Person> SignUpAsync(string name, bool javaScript = true)
    {
        var page = await NewPageAsync(javaScript);
        var username = UniqueUsername(name);
        await page.GotoAsync("/auth/sign_up");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync($"{username}@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();
        var person = new Person(username, page);
        await person.ExpectSignedInAsync();
        return person;
    }

    /// <summary>A person created by an operator with the <c>user create</c> verb, then signed in through the form.</summary>
    protected async Task<Person> CreateWithCliAndSignInAsync(string name, bool admin = false)
    {
        var username = UniqueUsername(name);
        var arguments = new List<string> { "user", "create", "--username", username, "--email", $"{username}@example.com", "--password", Password };
        if (admin)
        {
            arguments.Add("--admin");
        }
        await Fixture.Server.RunCliAsync([.. arguments]);
        var page = await NewPageAsync();
        var person = new Person(username, page);
        await person.SignInAsync();
        return person;
    }

    /// <summary>Usernames are unique per test so scenarios sharing one server never see each other's people.</summary>
    protected static string UniqueUsername(string name) => $"{name}_{Guid.NewGuid():N}"[..Math.Min(30, name.Length + 9)];

    /// <summary>A sentence unique to this test, so a timeline can be searched for exactly this post.</summary>
    protected static string UniqueText(string text) => $"{text} (ref {Guid.NewGuid().ToString("N")[..8]})";
}
