using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>What an author submits when posting or editing.</summary>
public sealed record StatusDraft(
    string Text,
    string? SpoilerText = null,
    Visibility Visibility = Visibility.Public,
    long? InReplyToId = null,
    bool Sensitive = false,
    string? Language = null);
