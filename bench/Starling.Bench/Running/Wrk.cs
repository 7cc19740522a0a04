using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Starling.Bench.Running;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, long Requests, long Errors, string RawOutput);

/// <summary>
/// Drives the load with wrk: a fixed number of keep-alive connections for a fixed time against one URL on this machine.
/// wrk is a small C program, so on two cores it takes less CPU from the server than a managed load generator would.
/// </summary>
public static partial class Wrk
{
    /// <param name="headers">Whole header lines, such as <c>Cookie: ...</c> or <c>Authorization: Bearer ...</c>.</param>
    public static async Task<LoadResult> RunAsync(string url, int threads, int connections, int seconds, IReadOnlyList<string> headers)
    {
        var info = new ProcessStartInfo("wrk")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{seconds}s", "--timeout", "10s", "--latency" })
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var header in headers)
        {
            info.ArgumentList.Add("-H");
            info.ArgumentList.Add(header);
        }
        info.ArgumentList.Add(url);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed with exit code {process.ExitCode}: {await error}");
        }
        return Parse(await output);
    }

    public static LoadResult Parse(string output)
    {
        double Percentile(string label) =>
            PercentileLine().Matches(output).FirstOrDefault(m => m.Groups["p"].Value == label) is { } match
                ? ToMilliseconds(match.Groups["value"].Value, match.Groups["unit"].Value)
                : throw new FormatException($"No {label}% latency in wrk output:\n{output}");

        var requestsPerSecond = double.Parse(RequestsPerSecondLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        long errors = 0;
        if (NonSuccessLine().Match(output) is { Success: true } nonSuccess)
        {
            errors += long.Parse(nonSuccess.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        if (SocketErrorsLine().Match(output) is { Success: true } socket)
        {
            errors += Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture));
        }
        return new LoadResult(requestsPerSecond, Percentile("50"), Percentile("90"), Percentile("99"), requests, errors, output);
    }

    private static double ToMilliseconds(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => throw new FormatException($"Unknown wrk time unit '{unit}'."),
        };
    }

    [GeneratedRegex(@"^\s*(?<p>\d+)%\s+(?<value>[\d.]+)(?<unit>us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex PercentileLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
