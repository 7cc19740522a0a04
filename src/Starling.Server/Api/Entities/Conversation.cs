using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Conversation: a thread of direct messages.</summary>
public sealed record ConversationEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("unread")]
    public required bool Unread { get; init; }

    /// <summary>The other participants.</summary>
    [JsonPropertyName("accounts")]
    public required IReadOnlyList<AccountEntity> Accounts { get; init; }

    [JsonPropertyName("last_status"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required StatusEntity? LastStatus { get; init; }
}
