using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Api.Streaming;

/// <summary>The server-sent-events paths, read with HttpClient as a line-reading client (Mastodon.py) reads them.</summary>
public abstract class ServerSentEventsTests(TestDatabase database) : IntegrationTest(database)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static Task<Status> PostAsync(TestInstance app, long authorId, string text) =>
        app.UseAsync<CreateStatus, Status>(create => create.CreateAsync(authorId, new StatusDraft(text)));

    private static async Task<string> TokenAsync(TestInstance app, string username, string scopes = "read write follow push")
    {
        using var client = new ApiClient(app);
        return await client.UserTokenAsync(username, scopes);
    }

    /// <summary>An open event stream: the response has started, so the subscription is in place.</summary>
    private sealed class EventStream(HttpClient http, HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public HttpResponseMessage Response { get; } = response;

        public static async Task<EventStream> OpenAsync(TestInstance app, string path, string token)
        {
            var http = app.CreateClient();
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return new EventStream(http, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<string> ReadLineAsync()
        {
            using var bound = new CancellationTokenSource(Bound);
            return await reader.ReadLineAsync(bound.Token) ?? throw new InvalidOperationException("The stream ended.");
        }

        /// <summary>The next event's name and data, skipping comment lines (the opening ":)" and heartbeats).</summary>
        public async Task<(string Event, string Data)> ReadEventAsync()
        {
            string line;
            while ((line = await ReadLineAsync()).StartsWith(':'))
            {
            }
            var name = line;
            var data = await ReadLineAsync();
            Assert.Equal("", await ReadLineAsync());
            Assert.StartsWith("event: ", name);
            Assert.StartsWith("data: ", data);
            return (name["event: ".Length..], data["data: ".Length..]);
        }

        public void Dispose()
        {
            reader.Dispose();
            Response.Dispose();
            http.Dispose();
        }
    }

    [Fact]
    public async Task The_user_stream_sends_updates_and_notifications_as_events()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice").BuildAsync();
        using var stream = await EventStream.OpenAsync(app, "/api/v1/streaming/user", await TokenAsync(app, "bob"));

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(":)", await stream.ReadLineAsync());
        var status = await PostAsync(app, world.Id("alice"), "Over the wire");
        await app.DrainJobsAsync();
        var (name, data) = await stream.ReadEventAsync();
        Assert.Equal("update", name);
        Assert.Equal(status.Id.ToString(), JsonDocument.Parse(data).RootElement.GetProperty("id").GetString());

        var own = await PostAsync(app, world.Id("bob"), "Mine");
        await app.UseAsync<FavouriteStatus>(f => f.FavouriteAsync(world.Id("alice"), own.Id));
        await app.DrainJobsAsync();
        Assert.Equal("update", (await stream.ReadEventAsync()).Event);
        (name, data) = await stream.ReadEventAsync();
        Assert.Equal("notification", name);
        Assert.Equal("favourite", JsonDocument.Parse(data).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Hashtag_and_notification_paths_stream_their_events()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("hello", "alice", "Hello").BuildAsync();
        var token = await TokenAsync(app, "alice");
        using var tag = await EventStream.OpenAsync(app, "/api/v1/streaming/hashtag/local?tag=Wrens", token);
        using var notifications = await EventStream.OpenAsync(app, "/api/v1/streaming/user/notification", token);

        var tagged = await PostAsync(app, world.Id("bob"), "A pair of #wrens");
        await app.UseAsync<FavouriteStatus>(f => f.FavouriteAsync(world.Id("bob"), world.Status("hello").Id));
        await app.DrainJobsAsync();

        var (name, data) = await tag.ReadEventAsync();
        Assert.Equal(("update", tagged.Id.ToString()), (name, JsonDocument.Parse(data).RootElement.GetProperty("id").GetString()));
        Assert.Equal("notification", (await notifications.ReadEventAsync()).Event);
    }

    [Fact]
    public async Task A_heartbeat_comment_goes_out_every_interval_on_its_own_line()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        await app.World().Users("alice").BuildAsync();
        using var stream = await EventStream.OpenAsync(app, "/api/v1/streaming/public", await TokenAsync(app, "alice"));
        Assert.Equal(":)", await stream.ReadLineAsync());

        app.AdvanceTime(TimeSpan.FromSeconds(15));
        Assert.Equal(":thump", await stream.ReadLineAsync());
        app.AdvanceTime(TimeSpan.FromSeconds(15));
        // A lone comment line: a blank line after it would read as an empty event to Mastodon.py.
        Assert.Equal(":thump", await stream.ReadLineAsync());
    }

    [Fact]
    public async Task Health_answers_OK_to_anyone()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        using var response = await client.GetAsync("/api/v1/streaming/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/v1/streaming/user", null, HttpStatusCode.Unauthorized, "The access token is invalid")]
    [InlineData("/api/v1/streaming/user", "write", HttpStatusCode.Forbidden, "This action is outside the authorized scopes")]
    [InlineData("/api/v1/streaming/user", "read:notifications", HttpStatusCode.Forbidden, "This action is outside the authorized scopes")]
    [InlineData("/api/v1/streaming/user/notification", "read:statuses", HttpStatusCode.Forbidden, "This action is outside the authorized scopes")]
    [InlineData("/api/v1/streaming/public/local", "read:accounts", HttpStatusCode.Forbidden, "This action is outside the authorized scopes")]
    [InlineData("/api/v1/streaming/hashtag", "read", HttpStatusCode.BadRequest, "Missing tag name parameter")]
    [InlineData("/api/v1/streaming/list", "read", HttpStatusCode.BadRequest, "Missing list name parameter")]
    [InlineData("/api/v1/streaming/list?list=123", "read", HttpStatusCode.NotFound, "Not authorized to stream this list")]
    [InlineData("/api/v1/streaming/nowhere", "read", HttpStatusCode.NotFound, "Record not found")]
    public async Task Refused_streams_answer_in_the_api_error_shape(string path, string? scopes, HttpStatusCode status, string error)
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = scopes is null ? null : await client.UserTokenAsync("alice", scopes);

        await ApiClient.AssertErrorAsync(await client.GetAsync(path, token), status, error);
    }

    public sealed class Sqlite() : ServerSentEventsTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ServerSentEventsTests(TestDatabase.Postgres);
}
