using Microsoft.EntityFrameworkCore;
using Starling.Server.Federation.Inbox;

namespace Starling.Server.Tests.Federation.Inbox;

public abstract class ReceivedActivityPrunerTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Ids_older_than_the_retention_are_forgotten_and_recent_ones_kept()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var now = app.Clock!.GetUtcNow().UtcDateTime;
        await app.DbAsync(db =>
        {
            db.ReceivedActivities.Add(new ReceivedActivity { Uri = "https://remote.test/old", ReceivedAt = now - ReceivedActivityPruner.Retention - TimeSpan.FromMinutes(1) });
            db.ReceivedActivities.Add(new ReceivedActivity { Uri = "https://remote.test/recent", ReceivedAt = now - ReceivedActivityPruner.Retention + TimeSpan.FromMinutes(1) });
            return db.SaveChangesAsync();
        });

        var pruned = await app.Services.GetRequiredService<ReceivedActivityPruner>().PruneAsync(CancellationToken.None);

        Assert.Equal(1, pruned);
        Assert.Equal(["https://remote.test/recent"], await app.DbAsync(db => db.ReceivedActivities.Select(a => a.Uri).ToListAsync()));
    }

    public sealed class Sqlite() : ReceivedActivityPrunerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : ReceivedActivityPrunerTests(TestDatabase.Postgres);
}
