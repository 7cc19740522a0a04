using Starling.Bench.Federation;
using Starling.Bench.Media;
using Starling.Bench.Running;
using Starling.Bench.Startup;

namespace Starling.Bench;

/// <summary>
/// Verbs: <c>run</c> (the default) seeds, starts the server and measures the timelines; <c>delivery</c>, <c>inbox</c> and
/// <c>federation</c> (both) measure federation; <c>media-video</c> measures video processing against ffmpeg alone;
/// <c>startup</c> how long the server takes to start and answer, against a bare Kestrel server;
/// <c>baseline</c> serves the fixed page and the bare POST endpoint the runs compare against (started by them as its own
/// process). See bench/run.sh.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
        var settings = BenchSettings.Parse(verb == "run" && (args.Length == 0 || args[0] != "run") ? args : args[1..]);
        switch (verb)
        {
            case "run":
                try
                {
                    return await new BenchmarkRun(settings, Console.Out).RunAsync();
                }
                catch (Exception exception) when (exception is InvalidOperationException or FileNotFoundException or TimeoutException)
                {
                    await Console.Error.WriteLineAsync($"Benchmark failed: {exception.Message}");
                    return 1;
                }
            case "delivery" or "inbox" or "federation":
                try
                {
                    return await new FederationRun(settings, Console.Out).RunAsync(delivery: verb != "inbox", inbox: verb != "delivery");
                }
                catch (Exception exception) when (exception is InvalidOperationException or FileNotFoundException or TimeoutException)
                {
                    await Console.Error.WriteLineAsync($"Benchmark failed: {exception.Message}");
                    return 1;
                }
            case "media-video":
                return await new MediaVideoBenchmark(settings, Console.Out).RunAsync();
            case "media-images":
                return await new MediaImageBenchmark(settings, Console.Out).RunAsync();
            case "startup":
                return await new StartupBenchmark(settings, Console.Out).RunAsync();
            case "seed":
                // Seeds without measuring, and keeps the data: for looking at query plans by hand.
                var directory = Path.GetFullPath(string.IsNullOrEmpty(settings.DataDirectory) ? Path.Combine("bench", "results", "data") : settings.DataDirectory);
                Directory.CreateDirectory(directory);
                await new BenchmarkRun(settings, Console.Out).SeedAsync(directory, settings.PublicUrl);
                Console.WriteLine($"Data in {directory}; sign in as {settings.Seed.MeasuredUsername} / {settings.Seed.MeasuredPassword}.");
                return 0;
            case "queries":
                return await QueryTiming.RunAsync(settings, args.Contains("--sql"), Console.Out);
            case "baseline":
                return await BaselineServer.RunAsync(settings.Port, settings.PageBytes, settings.JsonBytes);
            default:
                await Console.Error.WriteLineAsync($"Unknown verb '{verb}'. Use 'run', 'delivery', 'inbox', 'federation', 'media-video', 'media-images', 'startup', 'seed', 'queries' or 'baseline'.");
                return 2;
        }
    }
}
