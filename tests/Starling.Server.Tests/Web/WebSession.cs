using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Starling.Server.Tests.Web;

/// <summary>
/// One visitor of the web UI, as a browser without JavaScript: keeps cookies, does not follow redirects by itself
/// (tests look at each one), and posts forms with the anti-forgery token of the page the form is on.
/// </summary>
public sealed partial class WebSession(TestInstance app) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<WebPage> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return await WebPage.ReadAsync(response);
    }

    /// <summary>GETs with the given <c>Accept</c> header, as a server fetching a document would.</summary>
    public async Task<WebPage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await _client.SendAsync(request);
        return await WebPage.ReadAsync(response);
    }

    /// <summary>Opens <paramref name="formPage"/>, then posts <paramref name="fields"/> to <paramref name="action"/> with that page's token.</summary>
    public async Task<WebPage> PostAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        var page = await GetAsync(formPage);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {formPage} answered {(int)page.Status}.");
        return await PostWithTokenAsync(action, page.AntiforgeryToken, fields);
    }

    public async Task<WebPage> PostWithTokenAsync(string action, string? token, (string Name, string Value)[] fields, bool fetch = false)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            form.Add(new("__RequestVerificationToken", token));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(form) };
        if (fetch)
        {
            request.Headers.Add("X-Requested-With", "fetch");
        }
        using var response = await _client.SendAsync(request);
        return await WebPage.ReadAsync(response);
    }

    /// <summary>Posts a multipart form, as a browser sends one with file inputs (an empty input sends a nameless, empty part).</summary>
    public async Task<WebPage> PostMultipartWithTokenAsync(string action, string token, (string Name, string Value)[] fields,
        (string Name, string FileName, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Append(("__RequestVerificationToken", token)))
        {
            form.Add(new StringContent(value), name);
        }
        foreach (var (name, fileName, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            // Written out, as an empty file name is what a browser sends for an input left empty.
            part.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = $"\"{name}\"", FileName = $"\"{fileName}\"" };
            form.Add(part);
        }
        using var response = await _client.PostAsync(action, form);
        return await WebPage.ReadAsync(response);
    }

    /// <summary>A file the page links to, such as a picture, which must be there.</summary>
    public async Task<byte[]> GetBytesAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}.");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Follows a redirect the way a browser would.</summary>
    public Task<WebPage> FollowAsync(WebPage redirect)
    {
        Assert.True(redirect.IsRedirect, $"Expected a redirect, got {(int)redirect.Status}: {redirect.Alert}");
        return GetAsync(redirect.Location!);
    }

    public async Task SignInAsync(string login, string password = WorldBuilder.Password)
    {
        var result = await PostAsync("/auth/sign_in", "/auth/sign_in", ("Login", login), ("Password", password));
        Assert.True(result.IsRedirect, $"Signing in as {login} failed: {(int)result.Status} {result.Alert}");
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>A response as the tests read it: status, where it redirects, and a few things found in the HTML.</summary>
public sealed partial record WebPage(HttpStatusCode Status, string Html, string? Location, string? ContentType, bool FromCache = false)
{
    public static async Task<WebPage> ReadAsync(HttpResponseMessage response) => new(
        response.StatusCode,
        await response.Content.ReadAsStringAsync(),
        response.Headers.Location?.OriginalString,
        response.Content.Headers.ContentType?.MediaType,
        // The output cache marks what it serves again with an Age header.
        response.Headers.Age is not null);

    public bool IsRedirect => Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther;

    /// <summary>The first anti-forgery token on the page (every form's token is valid for this session).</summary>
    public string AntiforgeryToken
    {
        get
        {
            var match = TokenPattern().Match(Html);
            Assert.True(match.Success, "The page has no form with an anti-forgery token.");
            return match.Groups[1].Value;
        }
    }

    /// <summary>The text of the first role="alert" message, decoded.</summary>
    public string? Alert => AlertPattern().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value.Trim()) : null;

    /// <summary>The notice shown after a redirect ("Your profile is saved.").</summary>
    public string? Notice => NoticePattern().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value.Trim()) : null;

    /// <summary>The ids of the posts on the page, in order.</summary>
    public IReadOnlyList<long> StatusIds => StatusPattern().Matches(Html).Select(m => long.Parse(m.Groups[1].Value)).ToList();

    public int H1Count => H1Pattern().Matches(Html).Count;

    public int Count(string fragment) => Regex.Matches(Html, Regex.Escape(fragment)).Count;

    public bool Contains(string fragment) => Html.Contains(fragment, StringComparison.Ordinal);

    /// <summary>The action row of one post (between its data-for marker and the end of the row).</summary>
    public string ActionsOf(long statusId)
    {
        var start = Html.IndexOf($"<div class=\"status-actions\" data-for=\"{statusId}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"Post {statusId} has no action row on this page.");
        return Html[start..Html.IndexOf("</div>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("role=\"alert\"[^>]*>([^<]*)<")]
    private static partial Regex AlertPattern();

    [GeneratedRegex("class=\"notice\" role=\"status\">([^<]*)<")]
    private static partial Regex NoticePattern();

    [GeneratedRegex("<article class=\"status[^\"]*\" data-status-id=\"(\\d+)\"")]
    private static partial Regex StatusPattern();

    [GeneratedRegex("<h1[ >]")]
    private static partial Regex H1Pattern();
}
