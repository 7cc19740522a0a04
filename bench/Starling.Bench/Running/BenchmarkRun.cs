using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Starling.Bench.Reporting;
using Starling.Bench.Seeding;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Hosting;

namespace Starling.Bench.Running;

/// <summary>The web UI's pages (compared with a fixed HTML page) or the client API (compared with a fixed JSON body).</summary>
public enum EndpointGroup
{
    Web,
    Api,
}

/// <summary>An endpoint to load: its URL, the header lines to send (cookie, bearer token), and the process that serves it.</summary>
/// <param name="Informational">Shown for comparison, but not one of the pages the targets are about.</param>
public sealed record Endpoint(string Name, FetchedPage Page, string Url, IReadOnlyList<string> Headers, ChildProcess Process,
    EndpointGroup Group = EndpointGroup.Web, bool Informational = false);

/// <summary>
/// One endpoint's measurements: every round, and the round with the median throughput, which the report shows.
/// Several rounds, interleaved across endpoints, keep one burst of other work on the machine from deciding a figure.
/// </summary>
public sealed record EndpointResult(string Name, FetchedPage Page, IReadOnlyList<LoadResult> Rounds, long PeakRssDuringLoad,
    EndpointGroup Group = EndpointGroup.Web, bool Informational = false)
{
    public LoadResult Load => Rounds.OrderBy(r => r.RequestsPerSecond).ElementAt(Rounds.Count / 2);
}

/// <summary>
/// The whole benchmark: seed a data set, start the real server on it, sign in through the form,
/// start the bare baseline sized like the home page, load each endpoint in turn, and report.
/// </summary>
public sealed class BenchmarkRun(BenchSettings settings, TextWriter output)
{
    public async Task<int> RunAsync()
    {
        var serverDll = Path.GetFullPath(settings.ServerDll);
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException("Pass --server with the Release build of Starling.Server.dll.", serverDll);
        }
        var results = Directory.CreateDirectory(Path.GetFullPath(settings.ResultsDirectory)).FullName;
        var dataDirectory = settings.FreshDataDirectory("timeline");

        try
        {
            // Other work on the machine skews every figure; the report says how busy it was before this run began.
            var loadAverage = string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            var port = ChildProcess.FreePort();
            var publicUrl = $"http://127.0.0.1:{port}";
            output.WriteLine($"Seeding {settings.Seed.Accounts:N0} accounts and {settings.Seed.Statuses:N0} statuses into {settings.Provider} ...");
            var seed = await SeedAsync(dataDirectory, publicUrl);

            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Starling__DataDirectory"] = dataDirectory,
                ["Starling__PublicUrl"] = publicUrl,
                ["Starling__Database__Provider"] = settings.Provider,
            };
            if (settings.ConnectionString is { } connectionString)
            {
                environment["Starling__Database__ConnectionString"] = connectionString;
            }
            foreach (var pair in settings.ServerEnvironment.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var (name, value) = (pair.Split('=', 2)[0], pair.Split('=', 2).ElementAtOrDefault(1) ?? "");
                environment[name] = value;
            }
            output.WriteLine($"Starting the server on {publicUrl} ...");
            await using var server = ChildProcess.Start("dotnet", [serverDll, "--urls", publicUrl], environment, Path.Combine(results, "server.log"),
                Path.GetDirectoryName(serverDll)!);
            await server.WaitUntilServingAsync($"{publicUrl}/health", TimeSpan.FromSeconds(60));
            var idle = server.ReadMemory();

            using var session = new BrowserSession(new Uri(publicUrl));
            await session.SignInAsync(settings.Seed.MeasuredUsername, settings.Seed.MeasuredPassword);
            var home = await CheckedFetchAsync(session, "/", signedIn: true);
            var localSignedIn = await CheckedFetchAsync(session, "/public/local", signedIn: true);
            var localAnonymous = await CheckedFetchAsync(session, "/public/local", signedIn: false);
            IReadOnlyList<string> cookie = [$"Cookie: {session.CookieHeader()}"];
            using var api = new ApiSession(new Uri(publicUrl));
            await api.SignInAsync(settings.Seed.MeasuredUsername, settings.Seed.MeasuredPassword);
            var apiHome = await CheckedApiFetchAsync(api, "/api/v1/timelines/home?limit=40");
            var apiPublic = await CheckedApiFetchAsync(api, "/api/v1/timelines/public?limit=40");

            // The same server and data with the page cache off: what each page costs when it must be rendered.
            var uncachedUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
            await using var uncached = ChildProcess.Start("dotnet", [serverDll, "--urls", uncachedUrl],
                new Dictionary<string, string>(environment) { ["Starling__PublicUrl"] = uncachedUrl, ["Starling__PageCacheSeconds"] = "0", ["Starling__Jobs__RunWorkers"] = "false" },
                Path.Combine(results, "server-uncached.log"), Path.GetDirectoryName(serverDll)!);
            await uncached.WaitUntilServingAsync($"{uncachedUrl}/health", TimeSpan.FromSeconds(60));
            using var uncachedSession = new BrowserSession(new Uri(uncachedUrl));
            await uncachedSession.SignInAsync(settings.Seed.MeasuredUsername, settings.Seed.MeasuredPassword);
            var homeUncached = await CheckedFetchAsync(uncachedSession, "/", signedIn: true);
            using var uncachedApi = new ApiSession(new Uri(uncachedUrl));
            await uncachedApi.SignInAsync(settings.Seed.MeasuredUsername, settings.Seed.MeasuredPassword);
            var apiHomeUncached = await CheckedApiFetchAsync(uncachedApi, "/api/v1/timelines/home?limit=40");

            var baselinePort = ChildProcess.FreePort();
            var baselineUrl = $"http://127.0.0.1:{baselinePort}/";
            await using var baseline = ChildProcess.Start("dotnet",
                [typeof(BenchmarkRun).Assembly.Location, "baseline", "--port", baselinePort.ToString(CultureInfo.InvariantCulture), "--size", home.Bytes.ToString(CultureInfo.InvariantCulture),
                 "--json-size", apiHome.Bytes.ToString(CultureInfo.InvariantCulture)],
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, Path.Combine(results, "baseline.log"),
                AppContext.BaseDirectory);
            await baseline.WaitUntilServingAsync(baselineUrl, TimeSpan.FromSeconds(30));
            using var baselineSession = new BrowserSession(new Uri(baselineUrl));
            var baselinePage = await baselineSession.FetchAsync("/", signedIn: false);
            if (baselinePage.Bytes != home.Bytes)
            {
                throw new InvalidOperationException($"The baseline page has {baselinePage.Bytes} bytes, the home page {home.Bytes}.");
            }
            var baselineJson = await baselineSession.FetchAsync("/json", signedIn: false);
            if (baselineJson.Bytes != apiHome.Bytes)
            {
                throw new InvalidOperationException($"The baseline JSON has {baselineJson.Bytes} bytes, the API's home timeline {apiHome.Bytes}.");
            }

            var endpoints = await MeasureAsync(
            [
                new Endpoint("Home `/` (signed in)", home, $"{publicUrl}/", cookie, server),
                new Endpoint("Local `/public/local` (signed in)", localSignedIn, $"{publicUrl}/public/local", cookie, server),
                new Endpoint("Local `/public/local` (signed out)", localAnonymous, $"{publicUrl}/public/local", [], server),
                new Endpoint("Home `/` (signed in, page cache off)", homeUncached, $"{uncachedUrl}/", [$"Cookie: {uncachedSession.CookieHeader()}"], uncached, Informational: true),
                new Endpoint("Baseline: bare Kestrel, fixed page", baselinePage, baselineUrl, [], baseline),
                new Endpoint("API `GET /api/v1/timelines/home?limit=40`", apiHome, $"{publicUrl}/api/v1/timelines/home?limit=40", api.Headers, server, EndpointGroup.Api),
                new Endpoint("API `GET /api/v1/timelines/public?limit=40`", apiPublic, $"{publicUrl}/api/v1/timelines/public?limit=40", api.Headers, server, EndpointGroup.Api),
                new Endpoint("API `GET /api/v1/timelines/home?limit=40` (response cache off)", apiHomeUncached, $"{uncachedUrl}/api/v1/timelines/home?limit=40",
                    uncachedApi.Headers, uncached, EndpointGroup.Api, Informational: true),
                new Endpoint("Baseline: bare Kestrel, fixed JSON", baselineJson, $"{baselineUrl}json", [], baseline, EndpointGroup.Api),
            ]);

            // The session must have held for the whole run: a lapsed cookie would have measured redirects.
            await CheckedFetchAsync(session, "/", signedIn: true);
            var final = server.ReadMemory();

            var report = new BenchReport(settings, seed, endpoints, idle, final, loadAverage, DateTime.UtcNow);
            var markdown = report.ToMarkdown();
            output.WriteLine();
            output.WriteLine(markdown);
            await File.WriteAllTextAsync(Path.Combine(results, "latest.md"), markdown);
            await File.WriteAllTextAsync(Path.Combine(results, $"latest-{settings.Provider}.md"), markdown);
            await File.WriteAllTextAsync(Path.Combine(results, "latest-wrk.txt"),
                string.Join("\n", endpoints.SelectMany(e => e.Rounds.Select((r, i) => $"## {e.Name}, round {i + 1}\n{r.RawOutput}"))));
            output.WriteLine($"Written to {Path.Combine(results, "latest.md")}");
            return endpoints.Any(e => e.Rounds.Any(r => r.Errors > 0)) ? 1 : 0;
        }
        finally
        {
            if (!settings.KeepData)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    /// <summary>Seeds through the server's own service graph: its migrations, composer, formatter and password hasher.</summary>
    public async Task<SeedSummary> SeedAsync(string dataDirectory, string publicUrl)
    {
        await using var app = await InProcessApp.OpenAsync(settings, dataDirectory, publicUrl);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var seeder = new DataSetSeeder(services.GetRequiredService<AppDbContext>(), services.GetRequiredService<StatusComposer>(),
            services.GetRequiredService<ContentFormatter>(), services.GetRequiredService<IPasswordHasher<User>>(), settings.Seed, output);
        var summary = await seeder.SeedAsync();
        output.WriteLine($"Seeded in {summary.Elapsed.TotalSeconds:F1} s: {summary.Statuses:N0} statuses, {summary.HomeFeedEntries:N0} home feed rows " +
            $"({summary.MeasuredHomeFeedEntries:N0} in the measured user's home), {summary.Follows:N0} follows, {summary.Notifications:N0} notifications.");
        return summary;
    }

    private async Task<FetchedPage> CheckedFetchAsync(BrowserSession session, string path, bool signedIn)
    {
        var page = await session.FetchAsync(path, signedIn);
        if (page.Status != System.Net.HttpStatusCode.OK || page.StatusArticles == 0)
        {
            throw new InvalidOperationException($"GET {path} ({(signedIn ? "signed in" : "signed out")}) answered {(int)page.Status} with {page.StatusArticles} posts; expected 200 with a page of posts.");
        }
        output.WriteLine($"GET {path} ({(signedIn ? "signed in" : "signed out")}): {page.Bytes:N0} bytes, {page.StatusArticles} posts");
        return page;
    }

    private async Task<FetchedPage> CheckedApiFetchAsync(ApiSession api, string path)
    {
        var page = await api.FetchAsync(path);
        if (page.Status != System.Net.HttpStatusCode.OK || page.StatusArticles == 0)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)page.Status} with {page.StatusArticles} statuses; expected 200 with a page of statuses.");
        }
        output.WriteLine($"GET {path}: {page.Bytes:N0} bytes, {page.StatusArticles} statuses");
        return page;
    }

    private async Task<List<EndpointResult>> MeasureAsync(IReadOnlyList<Endpoint> endpoints)
    {
        // Every endpoint is warmed before any is measured, so the JIT has compiled the shared code paths (tiered
        // compilation finishes late on a busy two-core machine) and the first endpoint measured is not the unlucky one.
        foreach (var endpoint in endpoints.Where(_ => settings.WarmupSeconds > 0))
        {
            output.WriteLine($"Warming up {endpoint.Name} for {settings.WarmupSeconds} s ...");
            await Wrk.RunAsync(endpoint.Url, settings.Threads, settings.Connections, settings.WarmupSeconds, endpoint.Headers);
        }
        var rounds = endpoints.ToDictionary(e => e, _ => new List<LoadResult>());
        var peaks = endpoints.ToDictionary(e => e, _ => 0L);
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var endpoint in endpoints)
            {
                using var sampling = new CancellationTokenSource();
                var sampler = SamplePeakRssAsync(endpoint.Process, sampling.Token);
                var load = await Wrk.RunAsync(endpoint.Url, settings.Threads, settings.Connections, settings.DurationSeconds, endpoint.Headers);
                await sampling.CancelAsync();
                peaks[endpoint] = Math.Max(peaks[endpoint], await sampler);
                rounds[endpoint].Add(load);
                output.WriteLine($"Round {round}/{settings.Rounds}, {endpoint.Name}: {load.RequestsPerSecond:N0} requests/s, " +
                    $"p50 {load.P50Ms:F2} ms, p99 {load.P99Ms:F2} ms, {load.Errors} errors");
            }
        }
        return [.. endpoints.Select(e => new EndpointResult(e.Name, e.Page, rounds[e], peaks[e], e.Group, e.Informational))];
    }

    private static async Task<long> SamplePeakRssAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        long peak = 0;
        while (!cancellationToken.IsCancellationRequested && !process.HasExited)
        {
            peak = Math.Max(peak, process.ReadMemory().RssBytes);
            try
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return peak;
    }
}
