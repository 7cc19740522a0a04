using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's names for a status's audience, both ways.</summary>
public static class VisibilityNames
{
    public const string Public = "public";
    public const string Unlisted = "unlisted";
    public const string Private = "private";
    public const string Direct = "direct";

    public static string Of(Visibility visibility) => visibility switch
    {
        Visibility.Public => Public,
        Visibility.Unlisted => Unlisted,
        Visibility.Private => Private,
        Visibility.Direct => Direct,
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "Unknown visibility."),
    };

    /// <summary>Reads a client's visibility parameter; false for anything Mastodon would not accept.</summary>
    public static bool TryParse(string? name, out Visibility visibility)
    {
        switch (name)
        {
            case Public:
                visibility = Visibility.Public;
                return true;
            case Unlisted:
                visibility = Visibility.Unlisted;
                return true;
            case Private:
                visibility = Visibility.Private;
                return true;
            case Direct:
                visibility = Visibility.Direct;
                return true;
            default:
                visibility = default;
                return false;
        }
    }
}

/// <summary>Mastodon's notification types, and which of Starling's notifications each one is.</summary>
public static class NotificationTypes
{
    public const string Mention = "mention";
    public const string Status = "status";
    public const string Reblog = "reblog";
    public const string Follow = "follow";
    public const string FollowRequest = "follow_request";
    public const string Favourite = "favourite";
    public const string Poll = "poll";
    public const string Update = "update";

    public static IReadOnlyList<string> All { get; } = [Mention, Status, Reblog, Follow, FollowRequest, Favourite, Poll, Update];

    /// <summary>A reply reaches its parent's author as a mention, as on Mastodon, where a reply always mentions them.</summary>
    public static string Of(NotificationType type) => type switch
    {
        NotificationType.Mention or NotificationType.Reply => Mention,
        NotificationType.Follow => Follow,
        NotificationType.FollowRequest => FollowRequest,
        NotificationType.Favourite => Favourite,
        NotificationType.Reblog => Reblog,
        NotificationType.Poll => Poll,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown notification type."),
    };

    /// <summary>The domain types a Mastodon type covers, for <c>types[]</c> and <c>exclude_types[]</c>; empty for types Starling never sends.</summary>
    public static IReadOnlyList<NotificationType> ToDomain(string name) => name switch
    {
        Mention => [NotificationType.Mention, NotificationType.Reply],
        Follow => [NotificationType.Follow],
        FollowRequest => [NotificationType.FollowRequest],
        Favourite => [NotificationType.Favourite],
        Reblog => [NotificationType.Reblog],
        Poll => [NotificationType.Poll],
        _ => [],
    };

    /// <summary>Types whose notification carries the status it is about.</summary>
    public static bool IsAboutStatus(string type) => type is Mention or Status or Reblog or Favourite or Poll or Update;
}
