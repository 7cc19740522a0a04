using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Starling.Bench.Running;

/// <summary>A page as the benchmark fetched it once, to check it before loading the server with it.</summary>
public sealed record FetchedPage(string Path, HttpStatusCode Status, int Bytes, int StatusArticles);

/// <summary>Signs in through the real form, as a browser would, and keeps the cookies for the load generator.</summary>
public sealed class BrowserSession : IDisposable
{
    private readonly Uri _baseUri;
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _client;

    public BrowserSession(Uri baseUri)
    {
        _baseUri = baseUri;
        _client = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>
    /// GET the sign-in page for its anti-forgery token and cookie, then POST the form with the login in its
    /// text or email field and the password in its password field, whatever the fields are named.
    /// </summary>
    public async Task SignInAsync(string login, string password)
    {
        var html = await _client.GetStringAsync("/auth/sign_in");
        var document = new HtmlParser().ParseDocument(html);
        var form = document.Forms.FirstOrDefault(f => f.QuerySelector("input[type=password]") is not null)
            ?? throw new InvalidOperationException("/auth/sign_in has no form with a password field.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            var value = input.Type switch
            {
                "password" => password,
                "text" or "email" => login,
                "checkbox" => input.IsChecked ? input.Value : null,
                _ => input.Value,
            };
            if (value is not null)
            {
                fields.Add(new(input.Name!, value));
            }
        }
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? "/auth/sign_in" : form.GetAttribute("action")!;
        using var response = await _client.PostAsync(action, new FormUrlEncodedContent(fields));
        if ((int)response.StatusCode is < 300 or >= 400 || !HasCookie("starling_session"))
        {
            throw new InvalidOperationException($"Signing in as {login} failed: POST {action} answered {(int)response.StatusCode} without a session cookie.");
        }
    }

    public async Task<FetchedPage> FetchAsync(string path, bool signedIn = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        HttpResponseMessage response;
        if (signedIn)
        {
            response = await _client.SendAsync(request);
        }
        else
        {
            using var anonymous = new HttpClient { BaseAddress = _baseUri, Timeout = TimeSpan.FromSeconds(30) };
            response = await anonymous.SendAsync(request);
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            var text = System.Text.Encoding.UTF8.GetString(body);
            var articles = new HtmlParser().ParseDocument(text).QuerySelectorAll("article.status").Length;
            return new FetchedPage(path, response.StatusCode, body.Length, articles);
        }
    }

    /// <summary>Every cookie the server set (session and anti-forgery), as one Cookie header, so the load looks like a returning browser.</summary>
    public string CookieHeader() => _cookies.GetCookieHeader(_baseUri);

    private bool HasCookie(string name) => _cookies.GetCookies(_baseUri).Any(c => c.Name == name);

    public void Dispose() => _client.Dispose();
}
