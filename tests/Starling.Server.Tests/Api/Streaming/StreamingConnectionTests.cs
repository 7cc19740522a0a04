using Starling.Server.Api.Infrastructure;
using Starling.Server.Api.Streaming;

namespace Starling.Server.Tests.Api.Streaming;

/// <summary>The parts of a stream that need no server: names, wire formats, and what happens to a client that falls behind.</summary>
public sealed class StreamingConnectionTests
{
    private static readonly ApiCaller Reader = new(1, 2, "app", new HashSet<string> { "read" });

    [Fact]
    public void A_client_that_lets_its_buffer_fill_is_disconnected_not_buffered_for()
    {
        using var connection = new StreamingConnection(Reader, "token", bufferEvents: 2, CancellationToken.None);
        var update = new StreamEvent(["user"], StreamEvent.Update, "{}");

        Assert.True(connection.TryDeliver(update));
        Assert.True(connection.TryDeliver(update));
        Assert.False(connection.Closed.IsCancellationRequested);
        Assert.False(connection.TryDeliver(update));

        Assert.True(connection.FellBehind);
        Assert.True(connection.Closed.IsCancellationRequested);
        Assert.False(connection.TryDeliver(update));
    }

    [Fact]
    public void A_client_that_keeps_reading_is_never_cut_off()
    {
        using var connection = new StreamingConnection(Reader, "token", bufferEvents: 2, CancellationToken.None);

        for (var n = 0; n < 100; n++)
        {
            Assert.True(connection.TryDeliver(new StreamEvent(["public"], StreamEvent.Delete, n.ToString())));
            Assert.True(connection.Outbox.TryRead(out _));
        }

        Assert.False(connection.FellBehind);
    }

    [Fact]
    public void A_repeated_subscription_is_one_subscription_whatever_the_tags_case()
    {
        using var connection = new StreamingConnection(Reader, "token", bufferEvents: 2, CancellationToken.None);

        Assert.True(connection.Subscribe(new StreamChannel(StreamKind.Hashtag, "Birds")));
        Assert.False(connection.Subscribe(new StreamChannel(StreamKind.Hashtag, "birds")));
        Assert.True(connection.Subscribe(new StreamChannel(StreamKind.HashtagLocal, "birds")));
        Assert.True(connection.Unsubscribe(new StreamChannel(StreamKind.Hashtag, "BIRDS")));

        Assert.Equal([StreamKind.HashtagLocal], connection.Subscriptions.Select(s => s.Kind));
    }

    [Fact]
    public void Events_are_written_as_mastodon_writes_them_on_each_transport()
    {
        var update = new StreamEvent(["hashtag", "Birds"], StreamEvent.Update, """{"id":"1","content":"<p>a \"wren\"</p>"}""");
        var filters = new StreamEvent(["user"], StreamEvent.FiltersChanged, null);

        Assert.Equal("""{"stream":["hashtag","Birds"],"event":"update","payload":"{\"id\":\"1\",\"content\":\"<p>a \\\"wren\\\"</p>\"}"}""", update.ToWebSocketText());
        Assert.Equal("event: update\ndata: {\"id\":\"1\",\"content\":\"<p>a \\\"wren\\\"</p>\"}\n\n", update.ToServerSentEvent());
        Assert.Equal("""{"stream":["user"],"event":"filters_changed"}""", filters.ToWebSocketText());
        Assert.Equal("event: filters_changed\ndata: null\n\n", filters.ToServerSentEvent());
        Assert.Equal("""{"error":"Unknown stream type","status":400}""", new StreamError("Unknown stream type", 400).ToWebSocketText());
        Assert.Equal(":thump\n", StreamHeartbeat.Instance.ToServerSentEvent());
        Assert.Null(StreamHeartbeat.Instance.ToWebSocketText());
    }

    [Fact]
    public void Committed_rows_become_changes_by_how_they_were_written()
    {
        var author = new Account { Id = 7, Username = "alice", UsernameNormalized = "alice" };
        var posted = new Status { Id = 1, AccountId = 7, Account = author, Visibility = Visibility.Public };
        var favourited = new Status { Id = 2, AccountId = 7, Account = author };
        var deleted = new Status { Id = 3, AccountId = 7, Account = author, Visibility = Visibility.Private };
        var changes = new CommittedChanges(
            [posted, favourited, deleted, new StatusEdit { StatusId = 2 }, new StatusEdit { StatusId = 2 },
                new HomeFeedEntry { AccountId = 8, StatusId = 1 }, new HomeFeedEntry { AccountId = 8, AuthorId = 7 },
                new Notification { Id = 9, AccountId = 7 }, new Favourite { StatusId = 2 }],
            false)
        {
            Kinds = [CommittedChangeKind.Added, CommittedChangeKind.Modified, CommittedChangeKind.Deleted, CommittedChangeKind.Added,
                CommittedChangeKind.Added, CommittedChangeKind.Added, CommittedChangeKind.Bulk, CommittedChangeKind.Added, CommittedChangeKind.Added],
        };

        var mapped = StreamingChangeFeed.Map(changes).Distinct().ToList();

        // A counter change is no news, a pruned home (a bulk stand-in) neither; the first edit's two versions are one change.
        Assert.Equal<StreamingChange>(
            [new StatusPosted(1), new StatusRemoved(3, 7, WasPublic: false, IsLocal: true), new StatusRevised(2), new HomeFeedGrew(8, 1), new NotificationCreated(9, 7)],
            mapped);
    }

    [Theory]
    [InlineData("user", null, null, false, StreamKind.User, new[] { "user" })]
    [InlineData("user:notification", null, null, false, StreamKind.UserNotification, new[] { "user:notification" })]
    [InlineData("public", null, null, true, StreamKind.PublicMedia, new[] { "public:media" })]
    [InlineData("public:local", null, null, false, StreamKind.PublicLocal, new[] { "public:local" })]
    [InlineData("public:remote:media", null, null, false, StreamKind.PublicRemoteMedia, new[] { "public:remote:media" })]
    [InlineData("hashtag", "#Wrens", null, false, StreamKind.Hashtag, new[] { "hashtag", "#Wrens" })]
    [InlineData("hashtag:local", "wrens", null, false, StreamKind.HashtagLocal, new[] { "hashtag:local", "wrens" })]
    [InlineData("list", null, "42", false, StreamKind.List, new[] { "list", "42" })]
    [InlineData("direct", null, null, false, StreamKind.Direct, new[] { "direct" })]
    public void Stream_names_are_read_as_mastodon_names_them(string name, string? tag, string? list, bool onlyMedia, StreamKind kind, string[] stream)
    {
        Assert.True(StreamChannel.TryParse(name, tag, list, onlyMedia, out var channel, out _));

        Assert.Equal(kind, channel.Kind);
        Assert.Equal(stream, channel.StreamArray);
    }

    [Theory]
    [InlineData(null, null, null, "Unknown stream type")]
    [InlineData("User", null, null, "Unknown stream type")]
    [InlineData("hashtag", null, null, "Missing tag name parameter")]
    [InlineData("hashtag", "#", null, "Missing tag name parameter")]
    [InlineData("list", null, " ", "Missing list name parameter")]
    public void Names_that_make_no_stream_are_refused_with_mastodons_words(string? name, string? tag, string? list, string error)
    {
        Assert.False(StreamChannel.TryParse(name, tag, list, false, out _, out var message));

        Assert.Equal(error, message);
    }

    [Theory]
    [InlineData("read", "user", true)]
    [InlineData("read:statuses", "user", true)]
    [InlineData("read:notifications", "user", false)]
    [InlineData("read:notifications", "user:notification", true)]
    [InlineData("read:statuses", "user:notification", false)]
    [InlineData("write", "public", false)]
    public void Each_stream_needs_the_scope_mastodon_asks_for(string scope, string name, bool allowed)
    {
        StreamChannel.TryParse(name, null, null, false, out var channel, out _);

        Assert.Equal(allowed, channel.AllowedFor(new ApiCaller(1, 2, "app", new HashSet<string> { scope })));
    }
}
