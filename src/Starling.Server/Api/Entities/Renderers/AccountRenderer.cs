using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>
/// Accounts as Mastodon clients expect them. Starling has no avatars, headers, custom emoji or highlighted roles yet, so
/// every account carries the default pictures and empty lists, and the settings Starling lacks carry Mastodon's
/// defaults (not indexable, collections shown, not a group). Profile fields carry their value as HTML (links, mentions
/// and hashtags, like the bio) and are never verified.
/// </summary>
public sealed class AccountRenderer(LocalUrls urls)
{
    /// <summary>The role every user has: no staff permissions.</summary>
    public static RoleEntity EveryoneRole { get; } = new() { Id = "-99", Name = "", Color = "", Permissions = "0", Highlighted = false };

    /// <summary>Starling's admins: Mastodon's Administrator permission, which implies every other.</summary>
    public static RoleEntity AdminRole { get; } = new() { Id = "1", Name = "Admin", Color = "", Permissions = "1", Highlighted = true };

    public AccountEntity Render(Account account)
    {
        // A suspended account is shown as Mastodon shows one: its name and bio withheld.
        var suspended = account.IsSuspended;
        return new AccountEntity
        {
            Id = EntityIds.Of(account.Id),
            Username = account.Username,
            Acct = LocalUrls.Acct(account),
            DisplayName = suspended ? "" : account.DisplayName,
            Locked = !suspended && account.Locked,
            Bot = !suspended && account.Bot,
            Discoverable = !suspended && account.Discoverable,
            Indexable = false,
            Group = false,
            // Mastodon rounds this down to the day so that it does not tell when exactly someone signed up.
            CreatedAt = MastodonDateTimeConverter.ToUtc(account.CreatedAt).Date,
            Note = suspended ? "" : account.NoteHtml,
            Url = urls.Profile(account),
            // Remote accounts have no stored ActivityPub id until federation lands; their page here stands in for it.
            Uri = account.IsLocal ? urls.Actor(account.Username) : urls.Profile(account),
            Avatar = suspended ? urls.DefaultAvatar : urls.Avatar(account),
            AvatarStatic = suspended ? urls.DefaultAvatar : urls.Avatar(account),
            Header = suspended ? urls.DefaultHeader : urls.Header(account),
            HeaderStatic = suspended ? urls.DefaultHeader : urls.Header(account),
            FollowersCount = account.FollowersCount,
            FollowingCount = account.FollowingCount,
            StatusesCount = account.StatusesCount,
            LastStatusAt = account.LastStatusAt is { } last ? DateOnly.FromDateTime(MastodonDateTimeConverter.ToUtc(last)) : null,
            HideCollections = false,
            Noindex = account.IsLocal ? false : null,
            Emojis = [],
            Roles = account.IsLocal ? [] : null,
            Fields = suspended || account.Fields.Count == 0 ? [] : account.Fields.Select(f => new AccountFieldEntity { Name = f.Name, Value = f.ValueHtml, VerifiedAt = null }).ToList(),
            Suspended = suspended ? true : null,
        };
    }

    public IReadOnlyList<AccountEntity> Render(IEnumerable<Account> accounts) => accounts.Select(Render).ToList();

    /// <summary>The signed-in user's own account (verify_credentials, update_credentials).</summary>
    public CredentialAccountEntity RenderCredential(Account account, User user, int followRequestsCount)
    {
        if (user.AccountId != account.Id)
        {
            throw new ArgumentException("The user does not own this account.", nameof(user));
        }
        var source = new AccountSourceEntity
        {
            Privacy = VisibilityNames.Of(user.DefaultVisibility),
            Sensitive = user.DefaultSensitive,
            Language = user.DefaultLanguage ?? "",
            Note = account.Note,
            Fields = account.Fields.Select(f => new AccountFieldEntity { Name = f.Name, Value = f.Value, VerifiedAt = null }).ToList(),
            FollowRequestsCount = followRequestsCount,
            HideCollections = false,
            Discoverable = account.Discoverable,
            Indexable = false,
        };
        return new CredentialAccountEntity(Render(account), source, user.Admin ? AdminRole : EveryoneRole);
    }

    /// <summary>An account in the viewer's mutes list, with when the mute ends (null: never).</summary>
    public MutedAccountEntity RenderMuted(Account account, DateTime? muteExpiresAt) => new(Render(account), muteExpiresAt);

    public FamiliarFollowersEntity RenderFamiliarFollowers(long accountId, IEnumerable<Account> followers) =>
        new() { Id = EntityIds.Of(accountId), Accounts = Render(followers) };
}
