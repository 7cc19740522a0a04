using System.Text.Json.Nodes;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class FlagHandlerTests(TestDatabase database) : InboxTest(database)
{
    private static JsonObject Flag(Account actor, string id, params string[] objects)
    {
        var flag = Activity("Flag", actor, id, new JsonArray([.. objects.Select(o => JsonValue.Create(o))]));
        flag["content"] = "Spam, please look at these posts";
        return flag;
    }

    [Fact]
    public async Task A_report_about_a_local_account_and_its_posts_is_stored_once()
    {
        var (app, world) = await StartInboxAsync();
        var instance = await RemoteAsync(app, "remote.example@remote.example");
        var flag = Flag(instance, "https://remote.example/1a1f1cb4", LocalActor("bob"), LocalStatus(world, "bob_reply"), LocalStatus(world, "alice_public"));

        await DeliverAsync(app, flag, instance);
        await DeliverAsync(app, (JsonObject)flag.DeepClone(), instance);

        var report = await app.DbAsync(db => db.Reports.AsNoTracking().SingleAsync());
        Assert.Equal((instance.Id, world.Id("bob"), "https://remote.example/1a1f1cb4"), (report.AccountId, report.TargetAccountId, report.Uri));
        Assert.Equal([world.Status("bob_reply").Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], report.StatusIds);
        Assert.Equal("Spam, please look at these posts", report.Comment);
    }

    [Fact]
    public async Task Reports_from_a_server_whose_reports_are_refused_are_dropped()
    {
        var (app, world) = await StartInboxAsync();
        var instance = await RemoteAsync(app, "remote.example@remote.example");
        await app.DbAsync(async db =>
        {
            db.DomainBlocks.Add(new DomainBlock { Id = 1, Domain = "remote.example", RejectReports = true });
            await db.SaveChangesAsync();
        });

        await DeliverAsync(app, Flag(instance, "https://remote.example/2b2f", LocalActor("bob")), instance);

        Assert.False(await app.DbAsync(db => db.Reports.AnyAsync()));
    }

    [Fact]
    public async Task A_report_with_a_very_long_comment_is_kept_to_the_length_reports_have_here()
    {
        var (app, _) = await StartInboxAsync();
        var instance = await RemoteAsync(app, "remote.example@remote.example");
        var flag = Flag(instance, "https://remote.example/3c3f", LocalActor("bob"));
        flag["content"] = new string('x', 100_000);

        await DeliverAsync(app, flag, instance);

        var report = await app.DbAsync(db => db.Reports.AsNoTracking().SingleAsync());
        Assert.Equal(new string('x', Starling.Server.Features.Moderation.ReportAccount.MaxCommentLength), report.Comment);
    }

    public sealed class Sqlite() : FlagHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : FlagHandlerTests(TestDatabase.Postgres);
}
