using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Starling.Server.Features.Media;
using Starling.Server.Data;
using Starling.Server.Federation.Deliveries;
using Starling.Server.Federation.Security;
using Starling.Server.Hosting;
using Starling.Server.Jobs;

namespace Starling.Testing;

/// <summary>
/// One Starling server in the test process, on its own database (a fresh SQLite file or a fresh PostgreSQL database).
/// Background workers are off: a test makes queued work happen with <see cref="DrainJobsAsync"/>, so nothing depends on timing.
/// </summary>
public sealed class TestInstance : WebApplicationFactory<Program>
{
    private readonly TestInstanceOptions _options;
    private readonly bool _ownsStorage;

    // Runs as this test library loads, before any test of any kind builds a host (the CLI tests build their own).
#pragma warning disable CA2255
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseWatchersThatNeedNoInotify()
    {
        // A test run starts well over a hundred hosts in one process. Each host's file providers (configuration, the
        // web root that asp-append-version reads) would hold an inotify instance, and the web root's is never closed,
        // so a long run hit the per-user limit of 128. Polling watchers hold none, and configuration is not reloaded.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    private TestInstance(TestInstanceOptions options, TestStorage storage, bool ownsStorage)
    {
        _options = options;
        _ownsStorage = ownsStorage;
        Storage = storage;
        Clock = options.FakeTime ? new FakeTimeProvider(options.FakeTimeStart) : null;
    }

    public TestStorage Storage { get; }

    public TestDatabase Database => Storage.Database;

    /// <summary>The fake clock, when the instance was started with <see cref="TestInstanceOptions.FakeTime"/>.</summary>
    public FakeTimeProvider? Clock { get; }

    /// <summary>The base address links and handles are made from.</summary>
    public const string PublicUrl = "https://starling.test";

    public const string Domain = "starling.test";

    public static Task<TestInstance> StartAsync(TestDatabase database) => StartAsync(new TestInstanceOptions { Database = database });

    public static async Task<TestInstance> StartAsync(TestInstanceOptions options)
    {
        var storage = options.Storage;
        if (storage is not null && storage.Database != options.Database)
        {
            throw new ArgumentException($"The storage is for {storage.Database}, the options ask for {options.Database}.", nameof(options));
        }
        var owns = storage is null;
        storage ??= await TestStorage.CreateAsync(options.Database);
        var instance = new TestInstance(options, storage, owns);
        try
        {
            // Touching Services builds and starts the host.
            if (options.Migrate)
            {
                await DatabaseSetup.MigrateAsync(instance.Services);
            }
            else
            {
                _ = instance.Services;
            }
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
        return instance;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Host settings reach the app as command-line arguments, so the server sees them while it is still being configured.
        var settings = new Dictionary<string, string?>
        {
            ["Starling:PublicUrl"] = PublicUrl,
            ["Starling:Jobs:RunWorkers"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            // Failing jobs are part of several tests; their retries are expected, not news.
            ["Logging:LogLevel:Starling.Server.Jobs.JobRunner"] = "None",
        };
        foreach (var (key, value) in Storage.Settings)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in _options.Settings)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseDefaultServiceProvider(provider =>
        {
            provider.ValidateScopes = true;
            provider.ValidateOnBuild = true;
        });
        builder.ConfigureTestServices(services =>
        {
            if (Clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            }
            services.RemoveAll<AccountKeyGenerator>();
            services.AddSingleton<AccountKeyGenerator, TestAccountKeys>();
            if (_options.FastPasswordHashing)
            {
                services.Configure<PasswordHasherOptions>(hasher => hasher.IterationCount = 1000);
            }
            _options.ConfigureServices?.Invoke(services);
        });
    }

    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    /// <summary>Runs every due job, including the jobs those jobs enqueue; returns how many ran.</summary>
    public Task<int> DrainJobsAsync() => Services.GetRequiredService<JobRunner>().DrainAsync();

    /// <summary>Processes every file waiting for the media worker (uploads, remote files to cache); returns how many.</summary>
    public async Task<int> DrainMediaAsync()
    {
        var processed = 0;
        while (true)
        {
            await using var scope = CreateScope();
            var media = scope.ServiceProvider.GetRequiredService<ProcessWaitingMedia>();
            var claimed = await media.ClaimAsync(16, CancellationToken.None);
            if (claimed.Count == 0)
            {
                return processed;
            }
            foreach (var id in claimed)
            {
                await using var runScope = CreateScope();
                await runScope.ServiceProvider.GetRequiredService<ProcessWaitingMedia>().RunAsync(id, CancellationToken.None);
                processed++;
            }
        }
    }

    /// <summary>Sends every due delivery to other servers; see <see cref="FederationNetwork"/> for where they go.</summary>
    public Task<int> DrainDeliveriesAsync() => Services.GetRequiredService<DeliveryRunner>().DrainAsync();

    /// <summary>Calls one service in a scope of its own, as one request would.</summary>
    public async Task<TResult> UseAsync<TService, TResult>(Func<TService, Task<TResult>> action) where TService : notnull
    {
        await using var scope = CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task UseAsync<TService>(Func<TService, Task> action) where TService : notnull
    {
        await using var scope = CreateScope();
        await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Reads (or writes) the database directly, in a fresh context: for arranging odd states and asserting what was stored.</summary>
    public async Task<TResult> DbAsync<TResult>(Func<AppDbContext, Task<TResult>> action)
    {
        await using var scope = CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task DbAsync(Func<AppDbContext, Task> action)
    {
        await using var scope = CreateScope();
        await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Moves the fake clock on; only for instances started with <see cref="TestInstanceOptions.FakeTime"/>.</summary>
    public void AdvanceTime(TimeSpan by) =>
        (Clock ?? throw new InvalidOperationException("Start the instance with FakeTime = true to move its clock.")).Advance(by);

    public WorldBuilder World() => new(this);

    // A run starts some two thousand hosts in one process. The host leaves its environment's file providers open, and
    // the web root's polling watcher (asp-append-version) keeps every watch, each holding the context of the request
    // that made it and so the host: no host was ever collected (gigabytes by the end of a run). Closing them lets it go.
    private readonly List<IDisposable> _fileProviders = [];

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        var environment = host.Services.GetRequiredService<IWebHostEnvironment>();
        _fileProviders.AddRange(Flatten(environment.WebRootFileProvider).Concat(Flatten(environment.ContentRootFileProvider)).OfType<IDisposable>().Distinct());
        return host;
    }

    private static IEnumerable<IFileProvider> Flatten(IFileProvider provider) =>
        provider is CompositeFileProvider composite ? composite.FileProviders.SelectMany(Flatten) : [provider];

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
            foreach (var provider in _fileProviders)
            {
                provider.Dispose();
            }
        }
        finally
        {
            if (_ownsStorage)
            {
                await Storage.DisposeAsync();
            }
        }
    }
}
