using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Starling.ActivityPub.Signatures;

namespace Starling.ActivityPub.Tests.Signatures;

/// <summary>A clock that shows one moment; tests make a new one to move time.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static FixedClock At(string httpDate) =>
        new(DateTimeOffset.ParseExact(httpDate, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

    public static FixedClock AtUnix(long seconds) => new(DateTimeOffset.FromUnixTimeSeconds(seconds));

    public override DateTimeOffset GetUtcNow() => now;

    public FixedClock Plus(TimeSpan offset) => new(now + offset);
}

internal static class TestKeys
{
    /// <summary>Two freshly generated RSA-2048 pairs, made once for the test run (generation is slow).</summary>
    public static readonly RsaKeyPair Alice = RsaKeyPair.Generate();
    public static readonly RsaKeyPair Mallory = RsaKeyPair.Generate();

    public const string AliceKeyId = "https://remote.example/users/alice#main-key";

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Signatures", name));

    public static HttpSigningKey AliceSigningKey() => new(AliceKeyId, Alice.PrivateKeyPem);
}

internal static class Requests
{
    public const string ActivityJson = """{"@context":"https://www.w3.org/ns/activitystreams","type":"Follow","actor":"https://remote.example/users/alice","object":"https://social.example/users/bob"}""";

    public static HttpRequestMessage InboxPost(string url = "https://social.example/users/bob/inbox", string body = ActivityJson)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/activity+json");
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
    }

    public static HttpRequestMessage SignedFetch(string url = "https://social.example/users/bob")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/activity+json");
        return request;
    }

    /// <summary>The request as the receiving server sees it, known by <paramref name="authority"/> (default: the URL's).</summary>
    public static async Task<InboundRequest> Receive(HttpRequestMessage request, string? authority = null)
    {
        var headers = new HeaderCollection();
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            foreach (var value in values)
            {
                headers.Add(name, value);
            }
        }
        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync();
            foreach (var (name, values) in request.Content.Headers.NonValidated)
            {
                foreach (var value in values)
                {
                    headers.Add(name, value);
                }
            }
        }
        var uri = request.RequestUri!;
        return new InboundRequest(request.Method.Method, uri.PathAndQuery, authority ?? uri.Authority, headers, body);
    }

    public static InboundRequest With(this InboundRequest request, string header, string value) =>
        request with { Headers = Copy(request.Headers).Set(header, value) };

    public static InboundRequest Without(this InboundRequest request, string header) =>
        request with { Headers = Copy(request.Headers).Remove(header) };

    private static HeaderCollection Copy(IHeaderLookup headers) => new((HeaderCollection)headers);
}
