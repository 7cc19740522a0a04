using Microsoft.AspNetCore.Builder;
using System.Net;
using Starling.Server.Api.Infrastructure;

namespace Starling.Server.Tests.Api.Infrastructure;

/// <summary>What every API response shares: JSON errors, Link paging, open CORS, rate limits and the OpenAPI document.</summary>
public abstract class ApiPlumbingTests(TestDatabase database) : IntegrationTest(database)
{
    private Task<TestInstance> StartWithLimitsAsync(int apiRequests = 300, int loginRequests = 25) =>
        StartAsync(o => o with
        {
            FakeTime = true,
            Settings = new Dictionary<string, string?>
            {
                ["Starling:RateLimits:Api:Requests"] = apiRequests.ToString(),
                ["Starling:RateLimits:Login:Requests"] = loginRequests.ToString(),
            },
        });

    [Fact]
    public async Task Unknown_api_routes_and_methods_answer_json_never_the_html_error_page()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/no_such_thing"), HttpStatusCode.NotFound, "Record not found");
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Delete, "/api/v1/instance"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Api_responses_count_down_the_rate_limit_and_a_flood_gets_429_with_the_headers()
    {
        var app = await StartWithLimitsAsync(apiRequests: 3);
        using var client = new ApiClient(app);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await client.GetAsync("/api/v1/instance"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        Assert.All(responses, r => Assert.Equal("3", r.Headers.GetValues("X-RateLimit-Limit").Single()));
        Assert.Equal(["2", "1", "0", "0"], responses.Select(r => r.Headers.GetValues("X-RateLimit-Remaining").Single()));
        // Fixed windows aligned to the clock: the fake clock stands at 12:00:00, so the 5-minute window ends at 12:05.
        Assert.Equal("2026-01-15T12:05:00.000000Z", responses[3].Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.Equal("300", responses[3].Headers.GetValues("Retry-After").Single());
        await ApiClient.AssertErrorAsync(responses[3], HttpStatusCode.TooManyRequests, "Too many requests");

        app.AdvanceTime(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/instance")).StatusCode);
    }

    [Fact]
    public async Task Each_client_address_has_its_own_allowance_and_this_machine_is_not_limited()
    {
        // The fake clock stands still, so no window can end between the requests.
        var app = await StartAsync(o => o with
        {
            FakeTime = true,
            Settings = new Dictionary<string, string?> { ["Starling:RateLimits:Api:Requests"] = "1" },
            ConfigureServices = services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromHeader>(),
        });
        using var client = new ApiClient(app);

        async Task<HttpStatusCode> FromAsync(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/instance");
            request.Headers.Add(ClientAddressFromHeader.Header, address);
            using var response = await client.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], [await FromAsync("203.0.113.7"), await FromAsync("203.0.113.7")]);
        Assert.Equal(HttpStatusCode.OK, await FromAsync("198.51.100.2"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [await FromAsync("127.0.0.1"), await FromAsync("127.0.0.1"), await FromAsync("::1")]);
    }

    /// <summary>The test server has no client address; this gives each request the one its header names.</summary>
    private sealed class ClientAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var address))
                {
                    context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address.ToString());
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task Each_token_has_its_own_allowance()
    {
        // Registering and the two sign-ins use up the address's allowance of three; the tokens have their own.
        var app = await StartWithLimitsAsync(apiRequests: 3);
        await app.World().Users("alice", "bob").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();
        var alice = (await client.PasswordGrantAsync(registered, "alice", scope: "read")).GetProperty("access_token").GetString();
        var bob = (await client.PasswordGrantAsync(registered, "bob", scope: "read")).GetProperty("access_token").GetString();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/preferences", alice)).StatusCode);
        }
        using var anonymous = await client.GetAsync("/api/v1/instance");
        using var aliceThird = await client.GetAsync("/api/v1/preferences", alice);
        using var bobFirst = await client.GetAsync("/api/v1/preferences", bob);

        Assert.Equal(HttpStatusCode.TooManyRequests, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, aliceThird.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bobFirst.StatusCode);
    }

    [Fact]
    public async Task Password_sign_ins_have_a_stricter_limit_on_the_token_endpoint_and_the_sign_in_page()
    {
        var app = await StartWithLimitsAsync(loginRequests: 2);
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.TokenAsync(registered, ("grant_type", "password"), ("username", "alice"), ("password", "wrong password"));
            statuses.Add(response.StatusCode);
        }
        using var signInPage = await client.Http.PostAsync("/auth/sign_in", ApiClient.Form(("Login", "alice"), ("Password", "x")));

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, signInPage.StatusCode);
        Assert.Equal("text/html", signInPage.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cors_is_open_for_the_api_and_the_token_endpoint_but_not_for_pages()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/statuses");
        preflight.Headers.Add("Origin", "https://elk.zone");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, idempotency-key");
        using var preflightResponse = await client.Http.SendAsync(preflight);
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/instance");
        get.Headers.Add("Origin", "https://phanpy.social");
        using var getResponse = await client.Http.SendAsync(get);
        using var token = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = ApiClient.Form(("grant_type", "client_credentials")) };
        token.Headers.Add("Origin", "https://phanpy.social");
        using var tokenResponse = await client.Http.SendAsync(token);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/public/local");
        page.Headers.Add("Origin", "https://phanpy.social");
        using var pageResponse = await client.Http.SendAsync(page);

        Assert.True(preflightResponse.IsSuccessStatusCode, $"Preflight answered {(int)preflightResponse.StatusCode}");
        Assert.Equal("*", preflightResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", preflightResponse.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("*", getResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Link", getResponse.Headers.GetValues("Access-Control-Expose-Headers").Single());
        Assert.Contains("X-RateLimit-Remaining", getResponse.Headers.GetValues("Access-Control-Expose-Headers").Single());
        Assert.Equal("*", tokenResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(pageResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api_endpoints()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        var document = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/openapi.json"), HttpStatusCode.OK);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/apps", paths);
        Assert.Contains("/api/v1/apps/verify_credentials", paths);
        Assert.Contains("/api/v1/instance", paths);
        Assert.Contains("/api/v2/instance", paths);
        Assert.Contains("/oauth/token", paths);
        Assert.DoesNotContain("/health", paths);
    }

    [Fact]
    public async Task No_two_endpoints_answer_the_same_method_and_path()
    {
        var app = await StartAsync();
        var endpoints = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true);

        // Constraints (":long") and parameter names do not tell two routes apart for a request.
        var clashes = endpoints
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} {System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, "{[^}]*}", "{}").TrimEnd('/')}"))
            .GroupBy(route => route)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key)
            .ToList();

        Assert.Empty(clashes);
    }

    [Fact]
    public async Task The_link_header_pages_back_with_max_id_and_forward_with_min_id_keeping_other_parameters()
    {
        var app = await StartAsync();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = app.Services };
        context.Request.Path = "/api/v1/timelines/public";
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?local=true&max_id=999&limit=2");
        var page = new PageRequest(MaxId: 999, Limit: 2);

        ApiPagination.SetLinkHeader(context, [30L, 20L], id => id, page);
        var full = context.Response.Headers.Link.ToString();
        context.Response.Headers.Link = default;
        ApiPagination.SetLinkHeader(context, [30L], id => id, page);
        var partial = context.Response.Headers.Link.ToString();
        context.Response.Headers.Link = default;
        ApiPagination.SetLinkHeader(context, Array.Empty<long>(), id => id, page);

        Assert.Equal("<https://starling.test/api/v1/timelines/public?local=true&limit=2&max_id=20>; rel=\"next\", "
            + "<https://starling.test/api/v1/timelines/public?local=true&limit=2&min_id=30>; rel=\"prev\"", full);
        Assert.Equal("<https://starling.test/api/v1/timelines/public?local=true&limit=2&min_id=30>; rel=\"prev\"", partial);
        Assert.Equal(0, context.Response.Headers.Link.Count);
    }

    public sealed class Sqlite() : ApiPlumbingTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ApiPlumbingTests(TestDatabase.Postgres);
}
