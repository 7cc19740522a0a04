using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub;
using Starling.ActivityPub.Signatures;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;
using Starling.Server.Infrastructure.Http;

namespace Starling.Server.Federation.Deliveries;

/// <summary>
/// Claims due deliveries and POSTs each, signed, to its inbox. Delivered rows are deleted; a peer that is down is
/// retried with exponential backoff and jitter for about a week, and while it is failing the rest of its queue waits
/// with it, so one dead server never ties up the workers that others' deliveries need.
/// </summary>
public sealed class DeliveryRunner(
    IServiceScopeFactory scopes,
    FederationHttpClient http,
    InstanceHealth health,
    TimeProvider time,
    ILogger<DeliveryRunner> logger)
{
    /// <summary>How long a claim lasts before another worker may take it over (a node that died mid-request).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>How long a delivery is retried before it is given up on, as Mastodon does.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(7);

    // Activities and their signing keys, kept while their deliveries go out: one post to 500 inboxes loads them once.
    private readonly ConcurrentDictionary<long, PreparedActivity> _activities = new();
    // Imported keys, several per key id: a key may not sign for two requests at once.
    private readonly ConcurrentDictionary<string, ConcurrentBag<HttpSigningKey>> _keys = new(StringComparer.Ordinal);
    private readonly DraftCavageSigner _signer = new(time);

    private const long MaxAnswerBytes = 64 * 1024;

    private sealed record PreparedActivity(byte[] Body, string KeyId, string PrivateKeyPem);

    public async Task<IReadOnlyList<Delivery>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var sql = db.Kind == DatabaseKind.Postgres ? PostgresClaim : SqliteClaim;
        var claimed = await db.Deliveries.FromSqlRaw(sql, now, now + Lease, count).AsNoTracking().ToListAsync(cancellationToken);
        return [.. claimed.OrderBy(d => d.RunAt).ThenBy(d => d.Id)];
    }

    private const string SqliteClaim = """
        UPDATE deliveries SET state = 1, locked_until = {1}, attempts = attempts + 1
        WHERE id IN (SELECT id FROM deliveries
                     WHERE (state = 0 AND run_at <= {0}) OR (state = 1 AND locked_until < {0})
                     ORDER BY run_at, id LIMIT {2})
        RETURNING *
        """;

    private const string PostgresClaim = """
        UPDATE deliveries SET state = 1, locked_until = {1}, attempts = attempts + 1
        WHERE id IN (SELECT id FROM deliveries
                     WHERE (state = 0 AND run_at <= {0}) OR (state = 1 AND locked_until < {0})
                     ORDER BY run_at, id LIMIT {2}
                     FOR UPDATE SKIP LOCKED)
        RETURNING *
        """;

    /// <summary>
    /// Sends a claimed batch, <paramref name="concurrency"/> at a time, then removes the delivered rows together: the
    /// bookkeeping of a batch is two statements, not two per delivery. A node that dies before that sends the batch's
    /// deliveries again when their lease runs out, which receivers absorb, since they ignore an activity id they have seen.
    /// </summary>
    public Task RunBatchAsync(IReadOnlyList<Delivery> batch, int concurrency, CancellationToken cancellationToken) =>
        QueueBatch.RunAsync(batch, concurrency, RunAsync, done => FinishAsync(done, CancellationToken.None), cancellationToken);

    /// <summary>Sends one delivery; true when it is done with (delivered, refused or withdrawn) and its row may go.</summary>
    private async Task<bool> RunAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (health.HeldUntil(delivery.Domain, time.GetUtcNow().UtcDateTime) is { } heldUntil)
        {
            await PostponeAsync(delivery, heldUntil, cancellationToken);
            return false;
        }
        var activity = await PrepareAsync(delivery.OutboxActivityId, cancellationToken);
        if (activity is null)
        {
            // The activity was withdrawn (its status was deleted) after this delivery was claimed.
            return true;
        }
        var outcome = await SendAsync(delivery, activity, cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Delivered:
                await health.RecordSuccessAsync(delivery.Domain, cancellationToken);
                return true;
            case OutcomeKind.Refused:
                // The peer understood and said no (a 4xx other than a rate limit or timeout): sending again would not help.
                logger.LogWarning("Delivery of activity {ActivityId} to {Inbox} was refused: {Reason}; dropped", delivery.OutboxActivityId, delivery.InboxUrl, outcome.Reason);
                await health.RecordSuccessAsync(delivery.Domain, cancellationToken);
                return true;
            default:
                await RetryLaterAsync(delivery, outcome.Reason, cancellationToken);
                return false;
        }
    }

    private enum OutcomeKind { Delivered, Refused, Failed }

    private readonly record struct Outcome(OutcomeKind Kind, string Reason);

    private async Task<Outcome> SendAsync(Delivery delivery, PreparedActivity activity, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.InboxUrl)
            {
                Content = new ByteArrayContent(activity.Body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ActivityStreamsMediaTypes.Activity);
            request.Headers.Accept.ParseAdd(ActivityStreamsMediaTypes.Activity);
            var keys = _keys.GetOrAdd(activity.KeyId, _ => []);
            var key = keys.TryTake(out var pooled) ? pooled : new HttpSigningKey(activity.KeyId, activity.PrivateKeyPem);
            try
            {
                await _signer.SignAsync(request, key, cancellationToken);
            }
            finally
            {
                keys.Add(key);
            }
            // Peers answer a delivery with little or nothing; what they say is not needed beyond the status.
            var response = await http.SendAsync(request, MaxAnswerBytes, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccess)
            {
                return new Outcome(OutcomeKind.Delivered, "");
            }
            var retryable = status >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return new Outcome(retryable ? OutcomeKind.Failed : OutcomeKind.Refused, $"HTTP {status}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException or FetchRefusedException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(OutcomeKind.Failed, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private async Task<PreparedActivity?> PrepareAsync(long activityId, CancellationToken cancellationToken)
    {
        if (_activities.TryGetValue(activityId, out var cached))
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.OutboxActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId, cancellationToken);
        if (row is null)
        {
            return null;
        }
        if (_activities.Count > 512)
        {
            _activities.Clear();
        }
        return _activities.GetOrAdd(activityId, new PreparedActivity(Encoding.UTF8.GetBytes(row.Json), row.KeyId, row.PrivateKeyPem));
    }

    private async Task FinishAsync(IReadOnlyList<Delivery> done, CancellationToken cancellationToken)
    {
        if (done.Count == 0)
        {
            return;
        }
        var ids = done.Select(d => d.Id).ToArray();
        var activityIds = done.Select(d => d.OutboxActivityId).Distinct().ToArray();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
        // An activity goes with its last delivery.
        var removed = await db.OutboxActivities
            .Where(a => activityIds.Contains(a.Id) && !db.Deliveries.Any(d => d.OutboxActivityId == a.Id))
            .ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (removed == activityIds.Length)
        {
            // Otherwise some are still being delivered; the cache's bound takes care of those that finish elsewhere.
            foreach (var activityId in activityIds)
            {
                _activities.TryRemove(activityId, out _);
            }
        }
    }

    private async Task RetryLaterAsync(Delivery delivery, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (now - delivery.CreatedAt >= GiveUpAfter)
        {
            logger.LogError("Delivery of activity {ActivityId} to {Inbox} failed for {Days} days and is given up: {Reason}",
                delivery.OutboxActivityId, delivery.InboxUrl, GiveUpAfter.TotalDays, reason);
            await db.Deliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DeliveryState.Failed)
                .SetProperty(d => d.LockedUntil, (DateTime?)null)
                .SetProperty(d => d.LastError, Truncate(reason)), cancellationToken);
            return;
        }
        var runAt = now + Backoff(delivery.Attempts);
        health.HoldUntil(delivery.Domain, runAt);
        logger.LogInformation("Delivery of activity {ActivityId} to {Inbox} failed (attempt {Attempts}): {Reason}; retrying at {RunAt:o}",
            delivery.OutboxActivityId, delivery.InboxUrl, delivery.Attempts, reason, runAt);
        await db.Deliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, DeliveryState.Pending)
            .SetProperty(d => d.RunAt, runAt)
            .SetProperty(d => d.LockedUntil, (DateTime?)null)
            .SetProperty(d => d.LastError, Truncate(reason)), cancellationToken);
        // The rest of this server's queue waits with it rather than each failing on its own.
        await db.Deliveries.Where(d => d.Domain == delivery.Domain && d.State == DeliveryState.Pending && d.RunAt < runAt)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RunAt, runAt), cancellationToken);
        await health.RecordFailureAsync(delivery.Domain, cancellationToken);
    }

    /// <summary>Puts back a delivery claimed while its server is held back, without counting it as an attempt.</summary>
    private async Task PostponeAsync(Delivery delivery, DateTime until, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Deliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, DeliveryState.Pending)
            .SetProperty(d => d.RunAt, until)
            .SetProperty(d => d.Attempts, d => d.Attempts - 1)
            .SetProperty(d => d.LockedUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>Exponential from 30 s, capped at 6 h, with ±25% jitter: about 35 attempts in the week before giving up.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), 6 * 3600);
        var jitter = 0.75 + Random.Shared.NextDouble() * 0.5;
        return TimeSpan.FromSeconds(seconds * jitter);
    }

    /// <summary>Sends every due delivery until none is left; how tests make delivery happen at a point they choose.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var batch = await ClaimAsync(64, cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }
            await RunBatchAsync(batch, concurrency: 1, cancellationToken);
            total += batch.Count;
        }
    }

    private static string Truncate(string value) => value.Length <= 2000 ? value : value[..2000];
}
