using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Web.ViewModels;

/// <summary>How an account and its posts are named and linked in the web UI.</summary>
public static class AccountDisplay
{
    /// <summary>Enough avatar colours that neighbours rarely match; each is a class in site.css (no inline styles under the CSP).</summary>
    public const int AvatarColours = 8;

    public static string Name(Account account) => string.IsNullOrWhiteSpace(account.DisplayName) ? account.Username : account.DisplayName;

    /// <summary>"@alice" for a local account, "@alice@example.org" for a remote one, as Mastodon shows them in timelines.</summary>
    public static string Handle(Account account) => "@" + LocalUrls.Acct(account);

    /// <summary>The handle with this server's domain, as shown on a profile so it can be copied and followed from elsewhere.</summary>
    public static string FullHandle(Account account, string localDomain) =>
        account.Domain is null ? $"@{account.Username}@{localDomain}" : Handle(account);

    public static string Initial(Account account)
    {
        var name = Name(account).TrimStart('@', '_', ' ');
        return name.Length == 0 ? "?" : StringInfo.GetNextTextElement(name).ToUpperInvariant();
    }

    /// <summary>A colour that stays the same for an account on every page (a stable hash, unlike string.GetHashCode).</summary>
    public static string AvatarClass(Account account)
    {
        uint hash = 2166136261;
        foreach (var c in account.UsernameNormalized)
        {
            hash = (hash ^ c) * 16777619;
        }
        return $"av av-{hash % AvatarColours}";
    }

    /// <summary>
    /// The account's picture, or its initial on its colour when it has none. Hidden from screen readers and out of the
    /// tab order: the name beside it says who it is and links to the same place.
    /// </summary>
    /// <param name="href">The profile to link to, or null for a picture that is not a link (on the profile itself).</param>
    /// <param name="size">The picture's side in CSS pixels, which the stylesheet's class for it matches.</param>
    public static IHtmlContent Avatar(Account account, LocalUrls urls, string? href, int size = 46)
    {
        var classes = AvatarClass(account) + (size > 46 ? " av-large" : "");
        var (open, close) = href is null ? ("<span", "</span>") : ($"<a href=\"{HtmlEncoder.Default.Encode(href)}\" tabindex=\"-1\"", "</a>");
        var inside = urls.OwnAvatar(account) is { } picture
            ? $"<img src=\"{HtmlEncoder.Default.Encode(picture)}\" alt=\"\" width=\"{size}\" height=\"{size}\" loading=\"lazy\" decoding=\"async\">"
            : HtmlEncoder.Default.Encode(Initial(account));
        return new HtmlString($"{open} class=\"{classes}\" aria-hidden=\"true\">{inside}{close}");
    }

    public static string ProfilePath(Account account) => "/@" + LocalUrls.Acct(account);

    public static string StatusPath(Status status) => $"{ProfilePath(status.Account)}/{status.Id}";
}
