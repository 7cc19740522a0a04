using System.Text;
using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.WebFinger;

/// <summary>A WebFinger answer: the JSON Resource Descriptor of RFC 7033.</summary>
public sealed record WebFingerDocument
{
    public const string MediaType = "application/jrd+json";

    public required string Subject { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public IReadOnlyList<WebFingerLink> Links { get; init; } = [];

    /// <summary>The first link with this relation (and media type, when given).</summary>
    public WebFingerLink? FindLink(string rel, string? type = null) =>
        Links.FirstOrDefault(l => l.Rel == rel && (type is null || string.Equals(l.Type, type, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The actor's ActivityPub id: the <c>self</c> link served as ActivityStreams, if any.</summary>
    [JsonIgnore]
    public string? ActorId =>
        Links.FirstOrDefault(l => l.Rel == WebFingerRels.Self && l.Href is not null && ActivityStreamsMediaTypes.IsActivityStreams(l.Type))?.Href;

    /// <summary>
    /// The answer for a local account, as Mastodon gives it: the actor id and profile page as aliases, then the
    /// profile page, the actor (<c>self</c>) and, when given, the template for following from here.
    /// </summary>
    public static WebFingerDocument ForActor(WebFingerResource account, string actorId, string? profileUrl = null, string? subscribeTemplate = null)
    {
        if (!account.IsAccount)
        {
            throw new ArgumentException("The subject must be an account.", nameof(account));
        }

        var links = new List<WebFingerLink>();
        if (profileUrl is not null)
        {
            links.Add(new WebFingerLink { Rel = WebFingerRels.ProfilePage, Type = "text/html", Href = profileUrl });
        }

        links.Add(new WebFingerLink { Rel = WebFingerRels.Self, Type = ActivityStreamsMediaTypes.Activity, Href = actorId });
        if (subscribeTemplate is not null)
        {
            links.Add(new WebFingerLink { Rel = WebFingerRels.Subscribe, Template = subscribeTemplate });
        }

        return new WebFingerDocument
        {
            Subject = account.ToString(),
            Aliases = profileUrl is null ? [actorId] : [profileUrl, actorId],
            Links = links,
        };
    }

    public string ToJson() => DocumentJson.Serialize(this);

    /// <summary>Reads a descriptor tolerantly (missing lists are empty; unknown members ignored).</summary>
    /// <exception cref="FormatException">The text is not a descriptor.</exception>
    public static WebFingerDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        var document = DocumentJson.Deserialize<WebFingerDocument>(utf8Json, "WebFinger document");
        return string.IsNullOrEmpty(document.Subject) ? throw new FormatException("A WebFinger document must name its subject.") : document with
        {
            Aliases = document.Aliases ?? [],
            Links = document.Links?.Where(l => l is not null && !string.IsNullOrEmpty(l.Rel)).ToList() ?? [],
        };
    }

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    public static WebFingerDocument Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));
}

/// <summary>One link of a descriptor: a <see cref="Href"/>, or a <see cref="Template"/> with <c>{uri}</c> in it.</summary>
public sealed record WebFingerLink
{
    public required string Rel { get; init; }
    public string? Type { get; init; }
    public string? Href { get; init; }
    public string? Template { get; init; }
}

/// <summary>The link relations WebFinger documents use in the fediverse.</summary>
public static class WebFingerRels
{
    /// <summary>The actor document (with <see cref="ActivityStreamsMediaTypes.Activity"/> as its type).</summary>
    public const string Self = "self";

    /// <summary>The profile page shown to people.</summary>
    public const string ProfilePage = "http://webfinger.net/rel/profile-page";

    /// <summary>A template (<c>{uri}</c>) where the account's owner can follow or interact with a remote object.</summary>
    public const string Subscribe = "http://ostatus.org/schema/1.0/subscribe";

    /// <summary>The account's avatar.</summary>
    public const string Avatar = "http://webfinger.net/rel/avatar";

    /// <summary>host-meta's pointer to the WebFinger endpoint (a template with <c>{uri}</c>).</summary>
    public const string Lrdd = "lrdd";
}
