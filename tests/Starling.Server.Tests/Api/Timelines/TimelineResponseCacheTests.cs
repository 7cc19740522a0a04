using System.Net;
using System.Text.Json;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Api.Timelines;

/// <summary>
/// The API's home, public and hashtag timelines are answered again from the response cache, and every write that
/// changes what an answer shows makes the next one fresh. Each test first proves an answer came from the cache (it
/// carries <c>Age</c>), so its second half can fail.
/// </summary>
public abstract class TimelineResponseCacheTests(TestDatabase database) : IntegrationTest(database)
{
    private sealed record Answer(HttpStatusCode Status, bool FromCache, JsonElement Json, HttpResponseMessage Response)
    {
        public IReadOnlyList<string> Ids => Json.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();

        public JsonElement Status_(long id) => Json.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id.ToString());
    }

    private static async Task<Answer> GetAsync(ApiClient client, string path, string? token)
    {
        var response = await client.GetAsync(path, token);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, response.Headers.Age is not null, JsonDocument.Parse(text).RootElement, response);
    }

    /// <summary>Reads the path twice and checks the second answer came from the cache, with the same body.</summary>
    private static async Task<Answer> CachedAsync(ApiClient client, string path, string? token)
    {
        var first = await GetAsync(client, path, token);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.False(first.FromCache);
        var second = await GetAsync(client, path, token);
        Assert.True(second.FromCache, $"{path} was not answered from the cache");
        Assert.Equal(first.Json.GetRawText(), second.Json.GetRawText());
        return second;
    }

    [Fact]
    public async Task Home_is_answered_again_until_a_followed_account_posts()
    {
        var app = await StartAsync();
        var world = await app.CreateStandardWorldAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");
        await CachedAsync(client, "/api/v1/timelines/home?limit=40", bob);

        var post = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("Fresh from alice")));
        await app.DrainJobsAsync();

        var home = await GetAsync(client, "/api/v1/timelines/home?limit=40", bob);
        Assert.False(home.FromCache);
        Assert.Equal(post.Id.ToString(), home.Ids[0]);
    }

    [Fact]
    public async Task Readers_never_share_an_answer_and_a_favourite_refreshes_counts_and_flags()
    {
        var app = await StartAsync();
        var world = await app.CreateStandardWorldAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");
        var carol = await client.UserTokenAsync("carol");
        var post = world.Status("alice_public").Id;
        var before = (await CachedAsync(client, "/api/v1/timelines/public", carol)).Status_(post).GetProperty("favourites_count").GetInt32();
        await CachedAsync(client, "/api/v1/timelines/public", bob);

        await client.SendAsync(HttpMethod.Post, $"/api/v1/statuses/{post}/favourite", bob);

        var forBob = await GetAsync(client, "/api/v1/timelines/public", bob);
        var forCarol = await GetAsync(client, "/api/v1/timelines/public", carol);
        Assert.False(forCarol.FromCache);
        Assert.Equal(before + 1, forCarol.Status_(post).GetProperty("favourites_count").GetInt32());
        Assert.False(forCarol.Status_(post).GetProperty("favourited").GetBoolean());
        Assert.True(forBob.Status_(post).GetProperty("favourited").GetBoolean());
        // Signed out is an answer of its own, without viewer flags.
        var anonymous = await GetAsync(client, "/api/v1/timelines/public", null);
        Assert.False(anonymous.Status_(post).TryGetProperty("favourited", out _));
    }

    [Fact]
    public async Task A_new_filter_shows_on_the_next_answer_and_a_revoked_token_gets_nothing_cached()
    {
        var app = await StartAsync();
        var world = await app.CreateStandardWorldAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync("read write");
        var bob = (await client.PasswordGrantAsync(registered, "bob", scope: "read write")).GetProperty("access_token").GetString()!;
        var post = world.Status("alice_public").Id;
        var cached = await CachedAsync(client, "/api/v1/timelines/home", bob);
        Assert.Empty(cached.Status_(post).GetProperty("filtered").EnumerateArray());

        await app.UseAsync<ManageFilters, Filter>(m => m.CreateAsync(world.Id("bob"), new FilterChanges
        {
            Title = "Greetings",
            Contexts = FilterContexts.Home,
            Keywords = [new KeywordChange(null, "hello", false)],
        }));
        var filtered = await GetAsync(client, "/api/v1/timelines/home", bob);
        Assert.False(filtered.FromCache);
        Assert.Equal("Greetings", filtered.Status_(post).GetProperty("filtered")[0].GetProperty("filter").GetProperty("title").GetString());

        Assert.True((await GetAsync(client, "/api/v1/timelines/home", bob)).FromCache);
        using var revoked = await client.Http.PostAsync("/oauth/revoke", ApiClient.Form(
            ("client_id", registered.ClientId), ("client_secret", registered.ClientSecret), ("token", bob)));
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        using var after = await client.GetAsync("/api/v1/timelines/home", bob);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_cached_answer_keeps_its_link_header_and_gets_fresh_rate_limit_headers()
    {
        var app = await StartAsync(o => o with
        {
            Settings = new Dictionary<string, string?> { ["Starling:RateLimits:Api:Requests"] = "100" },
        });
        await app.CreateStandardWorldAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");

        var first = await GetAsync(client, "/api/v1/timelines/public?limit=1", bob);
        var second = await GetAsync(client, "/api/v1/timelines/public?limit=1", bob);

        Assert.True(second.FromCache);
        Assert.Contains("rel=\"next\"", second.Response.Headers.GetValues("Link").Single());
        Assert.Equal(first.Response.Headers.GetValues("Link").Single(), second.Response.Headers.GetValues("Link").Single());
        var remaining = new[] { first, second }.Select(a => int.Parse(a.Response.Headers.GetValues("X-RateLimit-Remaining").Single())).ToList();
        Assert.Equal(remaining[0] - 1, remaining[1]);
    }

    [Fact]
    public async Task An_edit_that_adds_a_hashtag_brings_the_post_into_that_hashtags_cached_timeline()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("tagged", "alice", "About #birds").Post("plain", "alice", "About nothing").BuildAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");
        Assert.DoesNotContain(world.Status("plain").Id.ToString(), (await CachedAsync(client, "/api/v1/timelines/tag/birds", bob)).Ids);

        await app.UseAsync<EditStatus, Status>(e => e.EditAsync(world.Id("alice"), world.Status("plain").Id, "About #birds after all", null, false));

        var answer = await GetAsync(client, "/api/v1/timelines/tag/birds", bob);
        Assert.False(answer.FromCache);
        Assert.Contains(world.Status("plain").Id.ToString(), answer.Ids);
    }

    /// <summary>Holds every read of a home timeline for a moment and counts them, so that requests overlap.</summary>
    private sealed class SlowHomeReads : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("home_feed", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
                await Task.Delay(500, cancellationToken);
            }
            return result;
        }
    }

    [Fact]
    public async Task Clients_asking_at_once_for_the_same_missing_answer_wait_for_one_build()
    {
        var reads = new SlowHomeReads();
        var app = await StartAsync(o => o with
        {
            ConfigureServices = services =>
            {
                services.ConfigureDbContext<SqliteAppDbContext>(db => db.AddInterceptors(reads));
                services.ConfigureDbContext<PostgresAppDbContext>(db => db.AddInterceptors(reads));
            },
        });
        await app.CreateStandardWorldAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");
        var before = reads.Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => GetAsync(client, "/api/v1/timelines/home", bob)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers.Select(a => a.Json.GetRawText()).Distinct());
        Assert.Equal(1, reads.Count - before);
    }

    [Fact]
    public async Task With_the_cache_off_every_answer_is_built_afresh()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:PageCacheSeconds"] = "0" } });
        await app.CreateStandardWorldAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");

        await GetAsync(client, "/api/v1/timelines/home", bob);
        Assert.False((await GetAsync(client, "/api/v1/timelines/home", bob)).FromCache);
    }

    public sealed class Sqlite() : TimelineResponseCacheTests(TestDatabase.Sqlite);

    public sealed class Postgres() : TimelineResponseCacheTests(TestDatabase.Postgres);
}
