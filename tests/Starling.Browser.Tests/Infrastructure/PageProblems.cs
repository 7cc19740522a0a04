using System.Text.RegularExpressions;

namespace Starling.Browser.Tests.Infrastructure;

/// <summary>
/// Collects what a visitor would never want to happen on any page a test opens: console errors, uncaught script errors,
/// requests that fail, and responses with an error status. A test that provokes an error page on purpose allows that status.
/// </summary>
public sealed partial class PageProblems
{
    private readonly List<string> _problems = [];
    private readonly HashSet<int> _allowedStatuses = [];

    public void Watch(IBrowserContext context)
    {
        foreach (var page in context.Pages)
        {
            Watch(page);
        }
        context.Page += (_, page) => Watch(page);
    }

    /// <summary>The test expects responses with this status (such as 422 for a rejected form) from here on.</summary>
    public void Allow(int status)
    {
        lock (_problems)
        {
            _allowedStatuses.Add(status);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_problems)
        {
            return [.. _problems];
        }
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsAllowedResourceMessage(message.Text))
            {
                Add($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add($"uncaught script error on {page.Url}: {error}");
        page.RequestFailed += (_, request) =>
        {
            // Players cancel their own range reads when seeking or when the page moves on, and a file chosen on this
            // computer (an object URL) is cut off when the form is sent: nothing a visitor would notice.
            var cancelledByPlayer = request.Failure == "net::ERR_ABORTED"
                && (request.ResourceType == "media" || request.Url.StartsWith("blob:", StringComparison.Ordinal));
            if (!cancelledByPlayer)
            {
                Add($"request failed: {request.Method} {request.Url}: {request.Failure}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !IsAllowed(response.Status))
            {
                Add($"{response.Status} for {response.Request.Method} {response.Url} (from {page.Url})");
            }
        };
    }

    private bool IsAllowedResourceMessage(string text)
    {
        // Chromium logs every error response as "Failed to load resource: the server responded with a status of 422 (...)".
        var match = FailedResource().Match(text);
        return match.Success && IsAllowed(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private bool IsAllowed(int status)
    {
        lock (_problems)
        {
            return _allowedStatuses.Contains(status);
        }
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }

    [GeneratedRegex(@"status of (\d{3})")]
    private static partial Regex FailedResource();
}
