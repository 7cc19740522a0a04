using Starling.Server.Data.Entities;
using Starling.Server.Features.Polls;

namespace Starling.Server.Features.Statuses;

/// <summary>What an author submits when posting.</summary>
/// <param name="IdempotencyKey">A client's key for this request: a repeat within the hour returns the first post.</param>
/// <param name="MediaIds">The author's uploads to attach, in order (at most four).</param>
public sealed record StatusDraft(
    string Text,
    string? SpoilerText = null,
    Visibility Visibility = Visibility.Public,
    long? InReplyToId = null,
    bool Sensitive = false,
    string? Language = null,
    PollDraft? Poll = null,
    string? IdempotencyKey = null,
    IReadOnlyList<long>? MediaIds = null);
