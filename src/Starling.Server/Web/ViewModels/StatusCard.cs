using Starling.Server.Data.Entities;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Web.ViewModels;

/// <summary>One post as the status partial draws it for one reader.</summary>
public sealed record StatusCard(StatusView View, long? ViewerId, bool Focused = false, bool Pinned = false)
{
    /// <summary>The post whose text is shown: the original for a boost.</summary>
    public Status Content => View.Content;

    /// <summary>Who boosted it, when this row is a boost.</summary>
    public Account? BoostedBy => View.Status.IsReblog ? View.Status.Account : null;

    public bool SignedIn => ViewerId is not null;

    public bool IsOwn => ViewerId == Content.AccountId;

    /// <summary>Mirrors ReblogStatus's rule so the button is not offered where it would be refused.</summary>
    public bool CanBoost => Content.Visibility is Visibility.Public or Visibility.Unlisted || (IsOwn && Content.Visibility == Visibility.Private);

    public bool CanPin => IsOwn && Content.Visibility != Visibility.Direct;

    /// <summary>Its files stay behind a click: marked sensitive by the author, or behind a content warning.</summary>
    public bool MediaIsSensitive => Content.Sensitive || Content.SpoilerText.Length > 0;

    public string Path => AccountDisplay.StatusPath(Content);

    /// <summary>The row's anchor, unique on the page even when a post and a boost of it are both listed.</summary>
    public string Anchor => $"s-{View.Status.Id}";
}
