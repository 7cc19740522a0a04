using Starling.Server.Data.Entities;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure;

namespace Starling.Server.Web.ViewModels;

/// <summary>How a reply starts, as on Mastodon: mentioning the author and everyone they mentioned, except yourself.</summary>
public static class ReplyDraft
{
    public static string Mentions(StatusView parent, long replierId)
    {
        var content = parent.Content;
        var accounts = new List<Account> { content.Account };
        accounts.AddRange(content.Mentions.Select(m => m.Account));
        var handles = accounts.Where(a => a.Id != replierId).DistinctBy(a => a.Id).Select(a => "@" + LocalUrls.Acct(a)).ToList();
        return handles.Count == 0 ? "" : string.Join(' ', handles) + " ";
    }

    /// <summary>A reply starts with the audience of what it answers, as Mastodon's composer does; the author may widen it.</summary>
    public static Visibility VisibilityFor(StatusView parent) => parent.Content.Visibility;
}
