using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.Server.Tests.Api.ActivityPub;

/// <summary>
/// Another server fetching our documents: asks with <c>Accept: application/activity+json</c> (or what a test gives),
/// follows no redirect, checks the media type, and reads every document back with <see cref="ActivityStreamsJson"/>
/// into the type the test expects, so nothing is served that our own reader (and so, we hope, others') cannot read.
/// </summary>
public sealed class DocumentFetcher(TestInstance app) : IDisposable
{
    public const string ActivityJson = "application/activity+json";
    public const string LdJsonProfile = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
    public const string MastodonAccept = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\", text/html;q=0.1";
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public async Task<HttpResponseMessage> SendAsync(string path, string? accept = ActivityJson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>GETs a document, asserting the status and media type, and reads it back as a <typeparamref name="T"/>.</summary>
    public async Task<Fetched<T>> GetAsync<T>(string path, HttpStatusCode expected = HttpStatusCode.OK, string accept = ActivityJson)
        where T : ActivityObject
    {
        using var response = await SendAsync(path, accept);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {json}");
        Assert.Equal("application/activity+json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return new Fetched<T>(ActivityStreamsJson.Deserialize<T>(json), json, response.Headers.Vary.ToList());
    }

    /// <summary>Asserts a refusal in Mastodon's shape for JSON clients: the status and <c>{"error": ...}</c>.</summary>
    public async Task AssertErrorAsync(string path, HttpStatusCode expected)
    {
        using var response = await SendAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(JsonNode.Parse(body)?["error"]?.GetValue<string>()));
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>A fetched document, its JSON as served, and the response's <c>Vary</c> header.</summary>
public sealed record Fetched<T>(T Document, string Json, IReadOnlyList<string> Vary)
    where T : ActivityObject;

/// <summary>Golden-file helpers for documents: keys differ on every run, so their PEM is replaced first (hosts are fixed and kept).</summary>
public static class DocumentGolden
{
    public static void AssertMatches(string json, string fileName, [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "") =>
        GoldenJson.AssertMatches(WithoutKeys(json), fileName, callerFile: callerFile);

    /// <summary>The JSON with every <c>publicKeyPem</c> replaced by <c>{pem}</c>.</summary>
    public static string WithoutKeys(string json)
    {
        var node = JsonNode.Parse(json)!;
        Strip(node);
        return node.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "publicKeyPem")
                    {
                        obj[key] = "{pem}";
                    }
                    else
                    {
                        Strip(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }
                break;
        }
    }
}

/// <summary>Remote actors written straight to the database, as the inbox will store them once it exists.</summary>
public static class RemoteActors
{
    public const string Domain = "remote.example";
    public const string GroupDomain = "groups.example";

    public static Task<Account> AddAsync(TestInstance app, string username, string domain = Domain, ActorType type = ActorType.Person) => app.DbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var actor = $"https://{domain}/users/{username}";
        var account = new Account
        {
            Id = app.Services.GetRequiredService<Starling.Server.Infrastructure.Ids.IdGenerator>().Next(),
            Username = username,
            UsernameNormalized = username.ToLowerInvariant(),
            Domain = domain,
            DisplayName = username,
            ActorType = type,
            Uri = actor,
            Url = $"https://{domain}/@{username}",
            InboxUrl = actor + "/inbox",
            SharedInboxUrl = $"https://{domain}/inbox",
            FollowersUrl = actor + "/followers",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account;
    });

    /// <summary>Records the mention unless writing the status already did (known remote accounts are resolved as it is written).</summary>
    public static Task MentionAsync(TestInstance app, long statusId, long accountId) => app.DbAsync(async db =>
    {
        if (await db.Mentions.AnyAsync(m => m.StatusId == statusId && m.AccountId == accountId))
        {
            return;
        }
        db.Mentions.Add(new Starling.Server.Data.Entities.Mention { StatusId = statusId, AccountId = accountId });
        await db.SaveChangesAsync();
    });

    /// <summary>A follow from a remote account, as an accepted inbound Follow will record it.</summary>
    public static Task FollowAsync(TestInstance app, Account follower, long targetId) => app.DbAsync(async db =>
    {
        db.Follows.Add(new Starling.Server.Data.Entities.Follow
        {
            Id = app.Services.GetRequiredService<Starling.Server.Infrastructure.Ids.IdGenerator>().Next(),
            AccountId = follower.Id,
            TargetAccountId = targetId,
            Uri = $"{follower.Uri}#follows/{targetId}",
            CreatedAt = DateTime.UtcNow,
        });
        await db.Accounts.Where(a => a.Id == targetId).ExecuteUpdateAsync(s => s.SetProperty(a => a.FollowersCount, a => a.FollowersCount + 1));
        await db.SaveChangesAsync();
    });
}
