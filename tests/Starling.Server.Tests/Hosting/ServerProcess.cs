using System.Diagnostics;

namespace Starling.Server.Tests.Hosting;

public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs the real server program as an operator would: <c>dotnet Starling.Server.dll ...</c>, configured by environment variables.</summary>
internal static class ServerProcess
{
    /// <summary>The program beside the tests (the build copies it, with its runtime and dependency manifests, into the test output).</summary>
    private static string ProgramPath => Path.Combine(AppContext.BaseDirectory, "Starling.Server.dll");

    public static Task<ProcessResult> RunAsync(TestStorage storage, params string[] args) =>
        RunAsync(storage.Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value), args);

    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // Somewhere other than the program's folder, as when an operator runs it from their home directory.
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(ProgramPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Starling__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server program.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A guard against a hung child, not a timing assertion: a verb that never ends is a failure either way.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'Starling.Server {string.Join(' ', args)}' did not finish.");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
