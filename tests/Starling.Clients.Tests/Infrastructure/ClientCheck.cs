using System.Diagnostics;
using System.Text;

namespace Starling.Clients.Tests.Infrastructure;

/// <summary>Someone with an account on the server under test: the check scripts log in as them.</summary>
public sealed record CheckUser(string Username, string Password)
{
    public string Email => $"{Username}@example.com";
}

/// <summary>Runs one client's check script against a running server, as a child process, and reads its report.</summary>
public static class ClientCheck
{
    /// <summary>Only bounds a client that would hang forever (a prompt, a stream that never ends); a passing run takes seconds.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(5);

    /// <param name="settings">Extra environment for the script, such as <c>STARLING_CLIENT_STEPS</c>; these win over the defaults.</param>
    public static async Task<ClientCheckReport> RunAsync(RealClient client, Uri server, CheckUser me, CheckUser other, string? instanceTitle,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        await client.EnsureInstalledAsync();
        var start = new ProcessStartInfo(client.Program)
        {
            WorkingDirectory = client.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in client.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var environment = start.Environment;
        environment["STARLING_URL"] = server.ToString().TrimEnd('/');
        environment["STARLING_USERNAME"] = me.Username;
        environment["STARLING_EMAIL"] = me.Email;
        environment["STARLING_PASSWORD"] = me.Password;
        environment["STARLING_OTHER_USERNAME"] = other.Username;
        environment["STARLING_OTHER_EMAIL"] = other.Email;
        environment["STARLING_OTHER_PASSWORD"] = other.Password;
        environment["STARLING_INSTANCE_TITLE"] = instanceTitle ?? "";
        // The developer's own choice of steps must not leak into the suite; a test that wants one passes it in settings.
        environment.Remove("STARLING_CLIENT_STEPS");
        // Debian's Python must see only its own packages, write no bytecode into the source tree, and print as it goes.
        environment.Remove("PYTHONPATH");
        environment.Remove("PYTHONHOME");
        environment["PYTHONDONTWRITEBYTECODE"] = "1";
        environment["PYTHONUNBUFFERED"] = "1";
        // The server is on this machine: a proxy configured for the outside world must not stand in between.
        environment["NO_PROXY"] = "127.0.0.1,localhost";
        environment["no_proxy"] = "127.0.0.1,localhost";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        // No one is at the keyboard: a client that prompts reads end-of-file instead of waiting.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var hang = new CancellationTokenSource(HangLimit);
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"FAILED: hang: {client.Name} was still running after {HangLimit.TotalMinutes} minutes and was stopped");
        }
        // WaitForExitAsync also waits for the redirected streams to reach end-of-file.
        string text;
        lock (output)
        {
            text = output.ToString();
        }
        return new ClientCheckReport(client.Name, process.ExitCode, text);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
