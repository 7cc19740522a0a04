using Starling.Bench.Reporting;

namespace Starling.Bench.Federation;

/// <summary>Runs the delivery benchmark, the inbox benchmark, or both, and writes their tables to the results folder.</summary>
public sealed class FederationRun(BenchSettings settings, TextWriter output)
{
    public async Task<int> RunAsync(bool delivery, bool inbox)
    {
        if (!File.Exists(Path.GetFullPath(settings.ServerDll)))
        {
            throw new FileNotFoundException("Pass --server with the Release build of Starling.Server.dll.", settings.ServerDll);
        }
        var results = Directory.CreateDirectory(Path.GetFullPath(settings.ResultsDirectory)).FullName;
        var sections = new List<string>();
        if (delivery)
        {
            var result = await new DeliveryBenchmark(settings, output).RunAsync(results);
            var markdown = new FederationReport(settings, DateTime.UtcNow).Delivery(result);
            await File.WriteAllTextAsync(Path.Combine(results, $"latest-delivery-{settings.Provider}.md"), markdown);
            sections.Add(markdown);
        }
        if (inbox)
        {
            var result = await new InboxBenchmark(settings, output).RunAsync(results);
            var markdown = new FederationReport(settings, DateTime.UtcNow).Inbox(result);
            await File.WriteAllTextAsync(Path.Combine(results, $"latest-inbox-{settings.Provider}.md"), markdown);
            sections.Add(markdown);
        }
        var all = string.Join("\n", sections);
        output.WriteLine();
        output.WriteLine(all);
        await File.WriteAllTextAsync(Path.Combine(results, "latest-federation.md"), all);
        output.WriteLine($"Written to {Path.Combine(results, "latest-federation.md")}");
        return 0;
    }
}
