using Starling.Clients.Tests.Infrastructure;

namespace Starling.Clients.Tests;

/// <summary>How a script's printed report is judged: only planned steps that said ok count, and silence is failure.</summary>
public sealed class ClientCheckReportTests
{
    [Fact]
    public void A_run_whose_planned_steps_all_said_ok_passes_and_lists_what_is_pending()
    {
        var report = new ClientCheckReport("toot", 0, "plan: a b\npending: c (waits for GET /c)\nok: a\nok: b\n");

        Assert.True(report.Succeeded);
        Assert.Null(report.Problem);
        Assert.Equal(["c"], report.PendingSteps);
        Assert.Equal(["c (waits for GET /c)"], report.Pending);
    }

    [Fact]
    public void A_planned_step_that_never_said_ok_fails_the_run_even_with_exit_code_0()
    {
        var report = new ClientCheckReport("toot", 0, "plan: a b\nok: a\n");

        Assert.False(report.Succeeded);
        Assert.Contains("b", report.Problem);
    }

    [Fact]
    public void A_failed_step_is_named_with_its_reason()
    {
        var report = new ClientCheckReport("masto", 1, "plan: a b\nok: a\n  | some output\nFAILED: b: HTTP 404\n");

        Assert.False(report.Succeeded);
        Assert.Equal("b: HTTP 404", report.Failure);
        Assert.Equal("masto: step b: HTTP 404 (exit code 1).", report.Problem);
    }

    [Fact]
    public void A_run_that_printed_no_plan_fails()
    {
        var report = new ClientCheckReport("Mastodon.py", 1, "ModuleNotFoundError: No module named 'mastodon'\n");

        Assert.False(report.Succeeded);
        Assert.Contains("no plan", report.Problem);
    }

    [Fact]
    public void An_empty_plan_is_not_a_pass()
    {
        var report = new ClientCheckReport("toot", 0, "plan: \npending: a (waits for GET /a)\n");

        Assert.False(report.Succeeded);
    }
}
