using Starling.ActivityPub.Vocabulary;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Mapping;
using Account = Starling.Server.Data.Entities.Account;
using Status = Starling.Server.Data.Entities.Status;

namespace Starling.Server.Federation.Inbox;

/// <summary>
/// What Add and Remove share: only the sender's own featured collection (its pinned posts) is kept, and only its own
/// posts go in it. An unknown post is fetched for an Add when someone here follows the sender, whose profile shows it.
/// </summary>
public sealed class FeaturedCollection(InboxObjects objects, RemoteStatusResolver statuses)
{
    /// <returns>The post, or null with the reason it is not one the sender may feature.</returns>
    public async Task<(Status? Status, string? Refusal)> PostAsync(Activity activity, Account sender, bool fetch, CancellationToken cancellationToken)
    {
        if (sender.FeaturedUrl is null || activity.Target?.Id != sender.FeaturedUrl)
        {
            return (null, "only the sender's featured posts are kept");
        }
        if (activity.Object?.Id is not { } uri || !Hosts.Same(uri, sender.Uri))
        {
            return (null, "it features nothing of the sender's");
        }
        var status = await objects.KnownStatusAsync(uri, cancellationToken);
        if (status is null && fetch && await objects.HasLocalFollowersAsync(sender.Id, cancellationToken))
        {
            status = await statuses.ResolveAsync(uri, cancellationToken);
        }
        return status is null ? (null, "the post is not known here") : status.AccountId != sender.Id ? (null, "the post is someone else's") : (status, null);
    }
}
