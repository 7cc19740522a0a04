using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure;

/// <summary>The one place that knows the shape of this server's public URLs.</summary>
public sealed class LocalUrls(IOptions<StarlingOptions> options)
{
    private readonly string _base = options.Value.PublicUrl.TrimEnd('/');

    public string Domain { get; } = options.Value.Domain;

    public string Profile(string username) => $"{_base}/@{username}";

    public string Status(string username, long statusId) => $"{_base}/@{username}/{statusId}";

    public string Tag(string name) => $"{_base}/tags/{Uri.EscapeDataString(name)}";

    public string Profile(Account account) => Profile(account.Username);

    /// <summary>"user" for local accounts, "user@domain" for remote ones, as Mastodon's <c>acct</c>.</summary>
    public static string Acct(Account account) => account.Domain is null ? account.Username : $"{account.Username}@{account.Domain}";
}
