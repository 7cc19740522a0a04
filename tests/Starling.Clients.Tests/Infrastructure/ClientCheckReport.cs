namespace Starling.Clients.Tests.Infrastructure;

/// <summary>
/// What a check script said, read from the lines every script prints: <c>plan: a b c</c> (the steps it runs),
/// <c>pending: x (waits for ...)</c> (written but not run), <c>ok: a</c> after each step, and
/// <c>FAILED: a: why</c> when a step fails. A run passes only when it exited 0 and every planned step said ok:
/// a pending step never counts as passing.
/// </summary>
public sealed record ClientCheckReport(string Client, int ExitCode, string Output)
{
    public IReadOnlyList<string> Planned => Lines("plan: ").SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    public IReadOnlyList<string> Passed => Lines("ok: ").Select(line => line.Trim()).ToList();

    /// <summary>Each pending step with what it waits for, as the script printed it.</summary>
    public IReadOnlyList<string> Pending => Lines("pending: ").Select(line => line.Trim()).ToList();

    public IReadOnlyList<string> PendingSteps => Pending.Select(line => line.Split(' ', 2)[0]).ToList();

    /// <summary>The step and reason from the <c>FAILED:</c> line, when there is one.</summary>
    public string? Failure => Lines("FAILED: ").FirstOrDefault();

    public IReadOnlyList<string> PlannedButNotPassed => Planned.Except(Passed, StringComparer.Ordinal).ToList();

    public bool Succeeded => ExitCode == 0 && Failure is null && Planned.Count > 0 && PlannedButNotPassed.Count == 0;

    /// <summary>One readable paragraph on why the run did not pass; null when it did.</summary>
    public string? Problem
    {
        get
        {
            if (Succeeded)
            {
                return null;
            }
            if (Failure is not null)
            {
                return $"{Client}: step {Failure} (exit code {ExitCode}).";
            }
            if (Planned.Count == 0)
            {
                return $"{Client}: the check script printed no plan (exit code {ExitCode}); it did not get as far as its first step.";
            }
            if (ExitCode != 0)
            {
                return $"{Client}: the check script exited with {ExitCode} after steps [{string.Join(", ", Passed)}].";
            }
            return $"{Client}: the check script exited 0 but these planned steps never said ok: {string.Join(", ", PlannedButNotPassed)}.";
        }
    }

    private IEnumerable<string> Lines(string prefix) => Output
        .Split('\n')
        .Select(line => line.TrimEnd('\r'))
        .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
        .Select(line => line[prefix.Length..]);
}
