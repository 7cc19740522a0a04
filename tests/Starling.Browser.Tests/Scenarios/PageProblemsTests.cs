using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Starling.Browser.Tests.Scenarios;

/// <summary>The watcher that fails every scenario on console errors and error responses really notices them.</summary>
[Collection(StarlingBrowserCollection.Name)]
public sealed class PageProblemsTests(StarlingBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public async Task Console_errors_script_errors_and_error_responses_are_reported_unless_expected()
    {
        var watched = new PageProblems();
        await using var context = await Fixture.Browser.NewContextAsync(new() { BaseURL = BaseUrl.ToString() });
        watched.Watch(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/auth/sign_in");
        Assert.Empty(watched.Snapshot());

        await page.EvaluateAsync("() => console.error('something broke')");
        // The second timer runs after the first has thrown, so the error has been raised when the promise settles.
        await page.EvaluateAsync("() => { setTimeout(() => { throw new Error('uncaught') }); return new Promise(r => setTimeout(r)); }");
        await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("() => fetch('/no/such/thing')"), "**/no/such/thing");

        var problems = string.Join("\n", watched.Snapshot());
        Assert.Contains("something broke", problems);
        Assert.Contains("uncaught", problems);
        Assert.Contains("404 for GET", problems);

        var allowing = new PageProblems();
        allowing.Watch(context);
        allowing.Allow(404);
        await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("() => fetch('/still/no/such/thing')"), "**/still/no/such/thing");
        Assert.Empty(allowing.Snapshot());
    }
}
