using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>The <c>to</c> and <c>cc</c> of a status and of the activities about it.</summary>
public sealed record StatusAudience(IReadOnlyList<string> To, IReadOnlyList<string> Cc);

/// <summary>
/// Addresses statuses exactly as Mastodon does, so that every server files them the way it files Mastodon's:
/// <list type="table">
/// <item><term>public</term><description>to the public collection; cc the author's followers and everyone mentioned.</description></item>
/// <item><term>unlisted</term><description>to the followers; cc the public collection and everyone mentioned.</description></item>
/// <item><term>private</term><description>to the followers; cc everyone mentioned.</description></item>
/// <item><term>direct</term><description>to everyone mentioned; no cc.</description></item>
/// </list>
/// A mentioned group is addressed with its followers collection too. A boost's cc starts with the boosted author.
/// Mastodon narrows a locally silenced author's mentions to their followers; Starling has no silencing of local accounts.
/// </summary>
public sealed class StatusAddressing(LocalUrls urls)
{
    /// <param name="status">A local status with its author and mentions (with their accounts) loaded; for a boost, the boosted status and its author.</param>
    public StatusAudience For(Status status)
    {
        var author = status.Account;
        if (!author.IsLocal)
        {
            throw new ArgumentException("Only local statuses are addressed here.", nameof(status));
        }
        var followers = urls.Followers(author.Username);
        var mentioned = Mentioned(status);
        var cc = new List<string>();
        if (status.ReblogOf is { } original)
        {
            cc.Add(urls.ActorUri(original.Account));
        }
        switch (status.Visibility)
        {
            case Visibility.Public:
                cc.Add(followers);
                cc.AddRange(mentioned);
                return new StatusAudience([PublicCollection.Id], Distinct(cc));
            case Visibility.Unlisted:
                cc.Add(PublicCollection.Id);
                cc.AddRange(mentioned);
                return new StatusAudience([followers], Distinct(cc));
            case Visibility.Private:
                cc.AddRange(mentioned);
                return new StatusAudience([followers], Distinct(cc));
            default:
                return new StatusAudience(Distinct(mentioned), []);
        }
    }

    /// <summary>Every mentioned actor, in a fixed order, each followed by its followers collection when it is a group.</summary>
    private List<string> Mentioned(Status status)
    {
        var result = new List<string>();
        foreach (var mention in status.Mentions.OrderBy(m => m.AccountId))
        {
            result.Add(urls.ActorUri(mention.Account));
            if (mention.Account.ActorType == ActorType.Group && urls.FollowersUri(mention.Account) is { } groupFollowers)
            {
                result.Add(groupFollowers);
            }
        }
        return result;
    }

    private static List<string> Distinct(List<string> uris) => uris.Distinct(StringComparer.Ordinal).ToList();
}
