using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Caching;
using Starling.Server.Options;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// The JSON of timeline pages, kept per reader in the store the web UI's pages use and evicted by the same commits
/// (<see cref="ResponseCacheEviction"/>): an app polling its home timeline costs a token check and a memory read until
/// something the page shows changes. It works inside the endpoint, so the token, its scopes and the rate limits have
/// all been checked before a cached answer goes out, and the per-request headers (rate limits) stay fresh. Entries
/// expire after <c>Starling:PageCacheSeconds</c>, which bounds what a write on another node leaves stale.
/// </summary>
public sealed class ApiResponseCache(IOutputCacheStore store, ResponseCacheEviction eviction, IOptions<StarlingOptions> options, TimeProvider time)
{
    /// <summary>What a timeline endpoint builds on a miss: the statuses shown (for the tags) and the entities to send.</summary>
    public sealed record Built(IReadOnlyList<StatusView> Shown, object Body);

    /// <summary>
    /// Answers from the cache, or builds the answer (which sets its own Link header), sends it and keeps it.
    /// </summary>
    /// <param name="timeline">Names the endpoint; the key is it, the reader and the query string.</param>
    /// <param name="extraTags">What else the answer depends on, such as <see cref="ResponseCacheTags.PublicTimelines"/>.</param>
    public async Task<IResult> TimelineAsync(HttpContext context, string timeline, long? viewerId, IReadOnlyList<string> extraTags,
        Func<Task<Built>> build)
    {
        var seconds = options.Value.PageCacheSeconds;
        if (seconds <= 0)
        {
            return Results.Json((await build()).Body, ApiJson.Options);
        }
        var now = time.GetUtcNow();
        var cancellationToken = context.RequestAborted;
        var key = string.Create(CultureInfo.InvariantCulture, $"api:{timeline}:{viewerId?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{context.Request.QueryString.Value}");
        if (await store.GetAsync(key, cancellationToken) is { } stored)
        {
            return Serve(context, Entry.Read(stored), now);
        }

        // When an entry expires under load, every client of that reader misses at once: one request builds the answer,
        // the others wait for it rather than all running the same queries.
        var building = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = _building.GetOrAdd(key, building.Task);
        if (inFlight != building.Task)
        {
            if (await inFlight.WaitAsync(cancellationToken) is { } shared)
            {
                return Serve(context, Entry.Read(shared), now);
            }
            return await BuildAsync(context, key, viewerId, extraTags, build, seconds, now, null);
        }
        try
        {
            return await BuildAsync(context, key, viewerId, extraTags, build, seconds, now, building);
        }
        finally
        {
            building.TrySetResult(null);
            _building.TryRemove(KeyValuePair.Create(key, building.Task));
        }
    }

    private readonly ConcurrentDictionary<string, Task<byte[]?>> _building = new(StringComparer.Ordinal);

    private async Task<IResult> BuildAsync(HttpContext context, string key, long? viewerId, IReadOnlyList<string> extraTags,
        Func<Task<Built>> build, int seconds, DateTimeOffset now, TaskCompletionSource<byte[]?>? waiting)
    {
        // An answer built across an eviction may hold what the eviction was for, so it is sent but neither kept nor
        // handed to requests that waited for it (they may have come after the write).
        var generation = eviction.Generation;
        var built = await build();
        var body = JsonSerializer.SerializeToUtf8Bytes(built.Body, ApiJson.Options);
        if (eviction.Generation == generation)
        {
            var tags = new HashSet<string>(extraTags, StringComparer.Ordinal) { ResponseCacheTags.AllPages };
            if (viewerId is { } reader)
            {
                tags.Add(ResponseCacheTags.Reader(reader));
            }
            ResponseCacheTags.AddShown(tags, built.Shown);
            var entry = Entry.Write(now, context.Response.Headers.Link.ToString(), body);
            waiting?.TrySetResult(entry);
            await store.SetAsync(key, entry, [.. tags], TimeSpan.FromSeconds(seconds), CancellationToken.None);
        }
        return Results.Bytes(body, JsonContentType);
    }

    private IResult Serve(HttpContext context, Entry entry, DateTimeOffset now)
    {
        if (entry.Link.Length > 0)
        {
            context.Response.Headers.Link = entry.Link;
        }
        context.Response.Headers.Age = Math.Max(0, (long)(now - entry.StoredAt).TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Results.Bytes(entry.Body, JsonContentType);
    }

    private static readonly string JsonContentType = new MediaTypeHeaderValue("application/json") { Charset = "utf-8" }.ToString();

    /// <summary>An entry's bytes: when it was stored, the Link header, then the JSON body.</summary>
    private readonly record struct Entry(DateTimeOffset StoredAt, string Link, ReadOnlyMemory<byte> Body)
    {
        public static byte[] Write(DateTimeOffset storedAt, string link, byte[] body)
        {
            var linkBytes = Encoding.UTF8.GetBytes(link);
            var bytes = new byte[12 + linkBytes.Length + body.Length];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, storedAt.UtcTicks);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), linkBytes.Length);
            linkBytes.CopyTo(bytes, 12);
            body.CopyTo(bytes, 12 + linkBytes.Length);
            return bytes;
        }

        public static Entry Read(byte[] bytes)
        {
            var storedAt = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(bytes), TimeSpan.Zero);
            var linkLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
            return new Entry(storedAt, Encoding.UTF8.GetString(bytes, 12, linkLength), bytes.AsMemory(12 + linkLength));
        }
    }
}
