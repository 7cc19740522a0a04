using Starling.Clients.Tests.Infrastructure;

namespace Starling.Clients.Tests;

/// <summary>The harness itself: a step that gets a wrong answer fails the run, names itself, and leaves the rest pending.</summary>
public sealed class HarnessTests(SharedSqliteClientServer server, ITestOutputHelper output) : IClassFixture<SharedSqliteClientServer>
{
    public static TheoryData<string, string> FirstStepOfEachClient => new()
    {
        { "toot", "instance" },
        { "Mastodon.py", "instance_v1" },
        { "masto", "instance_v1" },
    };

    [Theory]
    [MemberData(nameof(FirstStepOfEachClient))]
    public async Task A_step_that_gets_a_wrong_answer_fails_the_run_and_names_itself(string clientName, string step)
    {
        var client = new[] { RealClient.Toot, RealClient.MastodonPy, RealClient.Masto }.Single(c => c.Name == clientName);

        // The script is told to expect a title this server does not have, so its instance step cannot pass.
        var report = await server.RunAsync(client, output, new Dictionary<string, string>
        {
            ["STARLING_INSTANCE_TITLE"] = "Not the name of this server",
            ["STARLING_CLIENT_STEPS"] = step,
        });

        Assert.False(report.Succeeded);
        Assert.NotEqual(0, report.ExitCode);
        Assert.Equal([step], report.Planned);
        Assert.Empty(report.Passed);
        Assert.StartsWith($"{step}: ", report.Failure);
        Assert.Contains($"step {step}: ", report.Problem);
        // Every other step is listed as pending, and none of them ran.
        Assert.NotEmpty(report.PendingSteps);
        Assert.DoesNotContain(step, report.PendingSteps);
        Assert.Empty(report.PendingSteps.Intersect(report.Passed));
    }
}
