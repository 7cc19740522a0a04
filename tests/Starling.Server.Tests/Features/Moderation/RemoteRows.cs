using Starling.Server.Infrastructure.Ids;
using Starling.Server.Jobs;

namespace Starling.Server.Tests.Features.Moderation;

/// <summary>
/// What federation stores about other servers (their accounts, posts, follows, likes, deliveries), written straight to
/// the database with the counters a real write keeps, so moderation can be tested before the inbox exists.
/// </summary>
internal static class RemoteRows
{
    private static long NextId(TestInstance app) => app.Services.GetRequiredService<IdGenerator>().Next();

    public static Task<Account> AccountAsync(TestInstance app, string username, string domain) => app.DbAsync(async db =>
    {
        var account = new Account
        {
            Id = NextId(app),
            Username = username,
            UsernameNormalized = username.ToLowerInvariant(),
            Domain = domain,
            DisplayName = username,
            Uri = $"https://{domain}/users/{username}",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account;
    });

    /// <summary>A public post, with its hashtags recorded as the inbox would; optionally a reply or a boost.</summary>
    public static Task<Status> PostAsync(TestInstance app, Account author, string text, string[]? tags = null, long? replyTo = null, long? boostOf = null) =>
        app.DbAsync(async db =>
        {
            var id = NextId(app);
            var status = new Status
            {
                Id = id,
                AccountId = author.Id,
                Text = "",
                ContentHtml = $"<p>{System.Net.WebUtility.HtmlEncode(text)}</p>",
                Visibility = Visibility.Public,
                ConversationId = id,
                CreatedAt = DateTime.UtcNow,
                Uri = $"https://{author.Domain}/statuses/{id}",
                ReblogOfId = boostOf,
                InReplyToId = replyTo,
            };
            if (replyTo is { } parentId)
            {
                var parent = await db.Statuses.SingleAsync(s => s.Id == parentId);
                status.InReplyToAccountId = parent.AccountId;
                parent.RepliesCount++;
            }
            if (boostOf is { } originalId)
            {
                (await db.Statuses.SingleAsync(s => s.Id == originalId)).ReblogsCount++;
            }
            db.Statuses.Add(status);
            foreach (var name in tags ?? [])
            {
                var tag = await db.Tags.FirstOrDefaultAsync(t => t.Name == name)
                    ?? db.Tags.Add(new Tag { Id = NextId(app), Name = name, DisplayName = name, CreatedAt = DateTime.UtcNow }).Entity;
                db.StatusTags.Add(new StatusTag { StatusId = id, TagId = tag.Id });
            }
            (await db.Accounts.SingleAsync(a => a.Id == author.Id)).StatusesCount++;
            await db.SaveChangesAsync();
            return status;
        });

    public static Task FollowAsync(TestInstance app, long followerId, long targetId) => app.DbAsync(async db =>
    {
        db.Follows.Add(new Follow { Id = NextId(app), AccountId = followerId, TargetAccountId = targetId, CreatedAt = DateTime.UtcNow });
        (await db.Accounts.SingleAsync(a => a.Id == followerId)).FollowingCount++;
        (await db.Accounts.SingleAsync(a => a.Id == targetId)).FollowersCount++;
        await db.SaveChangesAsync();
    });

    public static Task FavouriteAsync(TestInstance app, long accountId, long statusId) => app.DbAsync(async db =>
    {
        db.Favourites.Add(new Favourite { Id = NextId(app), AccountId = accountId, StatusId = statusId, CreatedAt = DateTime.UtcNow });
        (await db.Statuses.SingleAsync(s => s.Id == statusId)).FavouritesCount++;
        await db.SaveChangesAsync();
    });

    /// <summary>One activity waiting (or given up) for each inbox host named.</summary>
    public static Task DeliveriesAsync(TestInstance app, params (string Domain, DeliveryState State)[] deliveries) => app.DbAsync(async db =>
    {
        var activity = new OutboxActivity
        {
            Id = NextId(app),
            Uri = $"https://{TestInstance.Domain}/activities/{Guid.NewGuid():N}",
            KeyId = $"https://{TestInstance.Domain}/actor#main-key",
            PrivateKeyPem = "unused",
            Json = "{}",
            CreatedAt = DateTime.UtcNow,
        };
        db.OutboxActivities.Add(activity);
        foreach (var (domain, state) in deliveries)
        {
            db.Deliveries.Add(new Delivery
            {
                Id = NextId(app),
                OutboxActivityId = activity.Id,
                InboxUrl = $"https://{domain}/inbox",
                Domain = domain,
                State = state,
                RunAt = DateTime.UtcNow,
                CreatedAt = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync();
    });

    /// <summary>Queues the home fan-out of a status the way posting does (inbound posts will do the same).</summary>
    public static async Task FanOutAsync(TestInstance app, long statusId)
    {
        await using var scope = app.CreateScope();
        scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(new Starling.Server.Features.Timelines.FanOutStatusJob(statusId));
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        await app.DrainJobsAsync();
    }
}
