using Microsoft.EntityFrameworkCore;
using Starling.Server.Features.Moderation;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;

namespace Starling.Federation.Tests.Network;

/// <summary>Reports about an account on another server: kept here, and forwarded to its moderators when asked.</summary>
public abstract class ReportTests(TestDatabase database) : NetworkTest(database)
{
    [Fact]
    public async Task A_forwarded_report_reaches_the_other_servers_moderators_without_naming_the_reporter()
    {
        var (network, alpha, beta) = await StartPairAsync();
        var a = await alpha.World().Users("alice", "erin").BuildAsync();
        var b = await beta.World().User("bob").BuildAsync();
        var bob = await FindAsync(alpha, "bob@beta.test");
        await alpha.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(a.Id("alice"), bob.Id));
        await network.SettleAsync();
        var spam = await PostAsync(beta, b.Id("bob"), new StatusDraft("Buy cheap watches"));
        await network.SettleAsync();
        var copy = (await CopyAsync(alpha, StatusUri(Beta, "bob", spam.Id)))!;

        await alpha.UseAsync<ReportAccount, FiledReport>(r => r.ReportAsync(a.Id("alice"), new ReportRequest(bob.Id, [copy.Id], "Spam", Forward: true)));
        await alpha.UseAsync<ReportAccount, FiledReport>(r => r.ReportAsync(a.Id("erin"), new ReportRequest(bob.Id, [], "Kept at home")));
        await network.SettleAsync();

        Assert.Equal(2, await alpha.DbAsync(db => db.Reports.CountAsync()));
        var received = Assert.Single(await beta.DbAsync(db => db.Reports.AsNoTracking().ToListAsync()));
        Assert.Equal(b.Id("bob"), received.TargetAccountId);
        Assert.Equal("Spam", received.Comment);
        Assert.Equal([spam.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], received.StatusIds);
        Assert.StartsWith("https://alpha.test/actor#reports/", received.Uri);
        var reporter = await beta.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(x => x.Id == received.AccountId));
        Assert.Equal("https://alpha.test/actor", reporter.Uri);
    }

    public sealed class Sqlite() : ReportTests(TestDatabase.Sqlite);
    public sealed class Postgres() : ReportTests(TestDatabase.Postgres);
}
