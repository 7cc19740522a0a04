using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Tests.Api.Entities;

/// <summary>
/// Remote accounts and their posts, written straight to the database: nothing creates them yet (federation will),
/// but the entities must already render them as Mastodon does.
/// </summary>
internal static class RemoteAccounts
{
    public static Task<Account> AddAsync(TestInstance app, string username, string domain) => app.DbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var account = new Account
        {
            Id = app.Services.GetRequiredService<IdGenerator>().Next(),
            Username = username,
            UsernameNormalized = username.ToLowerInvariant(),
            Domain = domain,
            DisplayName = username,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account;
    });

    public static Task<Status> PostAsync(TestInstance app, Account author, string html) => app.DbAsync(async db =>
    {
        var id = app.Services.GetRequiredService<IdGenerator>().Next();
        var status = new Status
        {
            Id = id,
            AccountId = author.Id,
            Text = "",
            ContentHtml = html,
            Visibility = Visibility.Public,
            ConversationId = id,
            CreatedAt = DateTime.UtcNow,
        };
        db.Statuses.Add(status);
        await db.SaveChangesAsync();
        return status;
    });

    /// <summary>Records that a local status mentions the account, as federation would once the mention resolves.</summary>
    public static Task MentionAsync(TestInstance app, Status status, Account mentioned) => app.DbAsync(async db =>
    {
        db.Mentions.Add(new Mention { StatusId = status.Id, AccountId = mentioned.Id });
        await db.SaveChangesAsync();
    });
}
