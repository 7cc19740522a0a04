namespace Starling.Browser.Tests.Infrastructure;

/// <summary>One real server and one headless Chromium, shared by every test in the collection.</summary>
public class StarlingBrowserFixture : IAsyncLifetime
{
    private readonly string? _publicUrl;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    public StarlingBrowserFixture()
    {
    }

    protected StarlingBrowserFixture(string? publicUrl, IReadOnlyDictionary<string, string>? settings = null)
    {
        _publicUrl = publicUrl;
        _settings = settings;
    }

    /// <summary>Debian's Chromium: the tests never download a browser of their own.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ];

    private readonly SemaphoreSlim _sharedLock = new(1, 1);
    private readonly Dictionary<string, object> _shared = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private StarlingServer? _server;

    public StarlingServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}; scripts/test.sh installs Debian's chromium package.");
        }
        // The suite shares two cores with other test projects; a slow moment must not read as a missing element.
        Assertions.SetDefaultExpectTimeout(15_000);
        _server = await StarlingServer.StartAsync(_publicUrl, WithBrowserDefaults(_settings));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// Every person in these stories signs up and signs in from the same loopback address, far more often than the
    /// per-address limits meant for the open internet allow; the limits have tests of their own.
    /// </summary>
    private static Dictionary<string, string> WithBrowserDefaults(IReadOnlyDictionary<string, string>? settings)
    {
        var merged = new Dictionary<string, string> { ["Starling:RateLimits:Enabled"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }
        return merged;
    }

    /// <summary>Data several tests read but none changes (such as a populated account), created by the first test that asks.</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> create) where T : notnull
    {
        await _sharedLock.WaitAsync();
        try
        {
            if (!_shared.TryGetValue(key, out var value))
            {
                value = await create();
                _shared[key] = value;
            }
            return (T)value;
        }
        finally
        {
            _sharedLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _sharedLock.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class StarlingBrowserCollection : ICollectionFixture<StarlingBrowserFixture>
{
    public const string Name = "Starling in Chromium";
}

/// <summary>A server that calls itself by a plain public name, so pictures show handles as a visitor would see them.</summary>
public sealed class ScreenshotFixture() : StarlingBrowserFixture("https://starling.example");

[CollectionDefinition(Name)]
public sealed class ScreenshotCollection : ICollectionFixture<ScreenshotFixture>
{
    public const string Name = "Screenshots";
}

/// <summary>A server where a moderator approves each sign-up.</summary>
public sealed class ApprovalModeFixture() : StarlingBrowserFixture(null, new Dictionary<string, string> { ["Starling:Registrations"] = "approval" });

[CollectionDefinition(Name)]
public sealed class ApprovalModeCollection : ICollectionFixture<ApprovalModeFixture>
{
    public const string Name = "Sign-ups need approval";
}
