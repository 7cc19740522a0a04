using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Moderation;
using Starling.Server.Federation.Deliveries;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Security;
using Starling.Server.Jobs;
using Starling.Server.Options;

namespace Starling.Server.Federation.Inbox;

/// <summary>A POST to an inbox, as received.</summary>
/// <param name="PathAndQuery">The request target exactly as it arrived (still percent-encoded), which the signature covers.</param>
/// <param name="RecipientUsername">The local account whose inbox it is; null for the shared inbox.</param>
/// <param name="RemoteAddress">Who sent it, for the log.</param>
public sealed record InboxRequest(string PathAndQuery, IHeaderLookup Headers, ReadOnlyMemory<byte> Body, string? RecipientUsername, string? RemoteAddress);

/// <summary>What to answer: 202 when accepted (or dropped as not for us), else the refusal and why.</summary>
public sealed record InboxOutcome(int Status, string? Reason)
{
    public static InboxOutcome Accepted { get; } = new(StatusCodes.Status202Accepted, null);

    public bool IsAccepted => Status == StatusCodes.Status202Accepted;
}

/// <summary>
/// The first half of the inbox pipeline, run while the sender waits: checks that the activity is signed (draft-cavage
/// or RFC 9421, against the host this server is known by) with a key whose owner is the activity's actor, that the
/// activity's id is on the actor's server, and that the server is not suspended; then records the activity id and queues
/// <see cref="ProcessInboxActivityJob"/> in one transaction, so a repeated delivery is processed once. Everything that
/// can wait (the handlers) runs on the queue. Suspended servers get 403, as Mastodon's signature check answers them.
/// </summary>
public sealed class InboxReceiver(
    AppDbContext db,
    JobQueue jobs,
    JobSignal jobSignal,
    SignedRequestVerifier signatures,
    InstanceHealth health,
    DomainBlockPolicy domainBlocks,
    IServiceProvider services,
    IOptions<StarlingOptions> options,
    ILogger<InboxReceiver> logger)
{
    private readonly StarlingOptions _options = options.Value;

    public async Task<InboxOutcome> ReceiveAsync(InboxRequest request, CancellationToken cancellationToken)
    {
        if (request.RecipientUsername is { } username)
        {
            var key = username.ToLowerInvariant();
            if (!await db.Accounts.AnyAsync(a => a.UsernameNormalized == key && a.Domain == null && a.SuspendedAt == null, cancellationToken))
            {
                return Refuse(request, StatusCodes.Status404NotFound, $"there is no account '{username}' here");
            }
        }

        var inbound = new InboundRequest("POST", request.PathAndQuery, _options.Domain, request.Headers, request.Body) { Scheme = _options.PublicUri.Scheme };
        var parsed = signatures.Parse(inbound);
        if (!parsed.Succeeded)
        {
            return Refuse(request, StatusCodes.Status401Unauthorized, parsed.FailureReason);
        }

        ActivityObject document;
        try
        {
            document = ActivityStreamsJson.Deserialize(request.Body.Span);
        }
        catch (FormatException exception)
        {
            return Refuse(request, StatusCodes.Status400BadRequest, exception.Message, parsed.Signature.KeyId);
        }
        var activity = document as Activity;
        var actorId = activity is not null ? activity.Actor?.Id : ActorOf(request.Body.Span);
        if (document.Id is not { } activityId || !Uri.TryCreate(activityId, UriKind.Absolute, out var activityUrl))
        {
            return Refuse(request, StatusCodes.Status400BadRequest, "the activity has no id", parsed.Signature.KeyId);
        }
        if (actorId is null || !Uri.TryCreate(actorId, UriKind.Absolute, out var actorUrl))
        {
            return Refuse(request, StatusCodes.Status400BadRequest, $"the activity {activityId} names no actor", parsed.Signature.KeyId);
        }
        if (activityId.Length > 2048)
        {
            return Refuse(request, StatusCodes.Status400BadRequest, "the activity's id is too long", parsed.Signature.KeyId);
        }
        if (await domainBlocks.IsSuspendedAsync(actorUrl.Host, cancellationToken))
        {
            return Refuse(request, StatusCodes.Status403Forbidden, $"{actorUrl.Host} is suspended on this server", parsed.Signature.KeyId);
        }

        var verified = await signatures.VerifyAsync(parsed, cancellationToken);
        if (!verified.Succeeded)
        {
            return Refuse(request, verified.FailureStatus, verified.FailureReason, verified.KeyId);
        }
        var sender = verified.Signer!;
        if (sender.IsLocal || sender.Uri != actorId)
        {
            return Refuse(request, StatusCodes.Status401Unauthorized,
                $"the activity's actor is {actorId} but it is signed by {sender.Uri ?? "a local account"}", verified.KeyId);
        }
        if (!RemoteObjectFetcher.SameOrigin(activityUrl, actorUrl))
        {
            return Refuse(request, StatusCodes.Status400BadRequest, $"the activity's id {activityId} is not on its actor's server", verified.KeyId);
        }
        await health.RecordContactAsync(actorUrl.Authority.ToLowerInvariant(), cancellationToken);

        var type = document.Type;
        if (activity is null || !IsHandled(type))
        {
            logger.LogDebug("Dropped a {Type} from {Actor}: no handler for that type", type, actorId);
            return InboxOutcome.Accepted;
        }
        var job = jobs.NewRow(new ProcessInboxActivityJob(System.Text.Encoding.UTF8.GetString(request.Body.Span), sender.Id, request.RecipientUsername));
        if (!await RecordAsync(activityId, job, cancellationToken))
        {
            logger.LogDebug("{Activity} from {Actor} was received before; not processed again", activityId, actorId);
            return InboxOutcome.Accepted;
        }
        jobSignal.Notify();
        return InboxOutcome.Accepted;
    }

    /// <summary>
    /// Records the activity's id and queues its job together, unless the id is known: the primary key decides, so two
    /// copies arriving at once are processed once too. One statement on PostgreSQL; on SQLite two in one transaction,
    /// with nothing else done while it holds the database's write lock, which every accepted activity needs.
    /// </summary>
    private async Task<bool> RecordAsync(string activityId, Job job, CancellationToken cancellationToken)
    {
        if (db.Kind == DatabaseKind.Postgres)
        {
            return await db.Database.ExecuteSqlAsync($"""
                WITH recorded AS (
                    INSERT INTO received_activities (uri, received_at) VALUES ({activityId}, {job.CreatedAt})
                    ON CONFLICT DO NOTHING RETURNING 1)
                INSERT INTO jobs (id, type, payload, state, attempts, run_at, created_at, updated_at)
                SELECT {job.Id}, {job.Type}, {job.Payload}, {(int)job.State}, 0, {job.RunAt}, {job.CreatedAt}, {job.UpdatedAt} FROM recorded
                """, cancellationToken) > 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var written = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO received_activities (uri, received_at) VALUES ({activityId}, {job.CreatedAt}) ON CONFLICT DO NOTHING;
            INSERT INTO jobs (id, type, payload, state, attempts, run_at, created_at, updated_at)
            SELECT {job.Id}, {job.Type}, {job.Payload}, {(int)job.State}, 0, {job.RunAt}, {job.CreatedAt}, {job.UpdatedAt} WHERE changes() = 1;
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written > 0;
    }

    private bool IsHandled(string type) =>
        services.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(typeof(IInboxHandler), type) == true;

    private InboxOutcome Refuse(InboxRequest request, int status, string? reason, string? keyId = null)
    {
        reason ??= "refused";
        logger.LogInformation("Inbox {Inbox} refused a delivery from {Address} (key {KeyId}) with {Status}: {Reason}",
            request.RecipientUsername ?? "(shared)", request.RemoteAddress ?? "?", keyId ?? "-", status, reason);
        return new InboxOutcome(status, reason);
    }

    /// <summary>The <c>actor</c> of a document whose type the vocabulary does not know as an activity.</summary>
    private static string? ActorOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = ActivityStreamsJson.MaxDepth });
            using var parsed = JsonDocument.ParseValue(ref reader);
            if (!parsed.RootElement.TryGetProperty("actor", out var actor))
            {
                return null;
            }
            return actor.ValueKind switch
            {
                JsonValueKind.String => actor.GetString(),
                JsonValueKind.Object when actor.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
