using Starling.Server.Api.Entities;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Api.Streaming;

public enum StreamKind
{
    User,
    UserNotification,
    Public,
    PublicMedia,
    PublicLocal,
    PublicLocalMedia,
    PublicRemote,
    PublicRemoteMedia,
    Hashtag,
    HashtagLocal,
    List,
    Direct,
}

/// <summary>
/// One of Mastodon's streams as a client names it (<c>user</c>, <c>public:local</c>, <c>hashtag</c> with a tag, ...).
/// <see cref="Key"/> identifies the subscription (the tag lower-cased); <see cref="StreamArray"/> is what events carry
/// in their <c>stream</c> field (the tag as the client wrote it), as Mastodon sends it and masto.js matches on it.
/// </summary>
public sealed record StreamChannel(StreamKind Kind, string? Parameter)
{
    public const string UnknownStream = "Unknown stream type";
    public const string MissingTag = "Missing tag name parameter";
    public const string MissingList = "Missing list name parameter";

    private static readonly IReadOnlyDictionary<string, StreamKind> Names = new Dictionary<string, StreamKind>(StringComparer.Ordinal)
    {
        ["user"] = StreamKind.User,
        ["user:notification"] = StreamKind.UserNotification,
        ["public"] = StreamKind.Public,
        ["public:media"] = StreamKind.PublicMedia,
        ["public:local"] = StreamKind.PublicLocal,
        ["public:local:media"] = StreamKind.PublicLocalMedia,
        ["public:remote"] = StreamKind.PublicRemote,
        ["public:remote:media"] = StreamKind.PublicRemoteMedia,
        ["hashtag"] = StreamKind.Hashtag,
        ["hashtag:local"] = StreamKind.HashtagLocal,
        ["list"] = StreamKind.List,
        ["direct"] = StreamKind.Direct,
    };

    public string Name => Names.First(n => n.Value == Kind).Key;

    /// <summary>What identifies the subscription: the kind, with the tag lower-cased or the list id.</summary>
    public (StreamKind Kind, string? Parameter) Key => (Kind, Kind is StreamKind.Hashtag or StreamKind.HashtagLocal ? TagTimelineQuery.Normalize(Parameter!) : Parameter);

    /// <summary>The list a list stream follows; null for other streams, or a list id that cannot be one.</summary>
    public long? ListId => Kind == StreamKind.List && EntityIds.TryParse(Parameter, out var id) ? id : null;

    public IReadOnlyList<string> StreamArray => Parameter is null ? [Name] : [Name, Parameter];

    /// <summary>
    /// The scope a token needs for this stream, as Mastodon's streaming server checks it: <c>read:notifications</c> for the
    /// notification stream, <c>read:statuses</c> for the rest (<c>read</c> covers both).
    /// </summary>
    public string RequiredScope => Kind == StreamKind.UserNotification ? "read:notifications" : "read:statuses";

    public bool IsPublic => Kind is StreamKind.Public or StreamKind.PublicMedia or StreamKind.PublicLocal or StreamKind.PublicLocalMedia
        or StreamKind.PublicRemote or StreamKind.PublicRemoteMedia;

    public bool IsHashtag => Kind is StreamKind.Hashtag or StreamKind.HashtagLocal;

    /// <summary>Reads a stream name and its parameters; <paramref name="error"/> is Mastodon's message when they make no stream.</summary>
    public static bool TryParse(string? name, string? tag, string? list, bool onlyMedia, out StreamChannel channel, out string error)
    {
        channel = null!;
        if (name is null || !Names.TryGetValue(name, out var kind))
        {
            error = UnknownStream;
            return false;
        }
        if (onlyMedia)
        {
            kind = kind switch
            {
                StreamKind.Public => StreamKind.PublicMedia,
                StreamKind.PublicLocal => StreamKind.PublicLocalMedia,
                StreamKind.PublicRemote => StreamKind.PublicRemoteMedia,
                _ => kind,
            };
        }
        string? parameter = null;
        if (kind is StreamKind.Hashtag or StreamKind.HashtagLocal)
        {
            parameter = tag?.Trim();
            if (string.IsNullOrEmpty(parameter) || TagTimelineQuery.Normalize(parameter).Length == 0)
            {
                error = MissingTag;
                return false;
            }
        }
        else if (kind == StreamKind.List)
        {
            parameter = list?.Trim();
            if (string.IsNullOrEmpty(parameter))
            {
                error = MissingList;
                return false;
            }
        }
        channel = new StreamChannel(kind, parameter);
        error = "";
        return true;
    }

    /// <summary>The stream a server-sent-events path names, or null for a path that is none.</summary>
    public static string? NameOfPath(string path) => path switch
    {
        "user" => "user",
        "user/notification" => "user:notification",
        "public" => "public",
        "public/local" => "public:local",
        "public/remote" => "public:remote",
        "hashtag" => "hashtag",
        "hashtag/local" => "hashtag:local",
        "list" => "list",
        "direct" => "direct",
        _ => null,
    };

    public bool AllowedFor(ApiCaller caller) => caller.Has(RequiredScope);
}
