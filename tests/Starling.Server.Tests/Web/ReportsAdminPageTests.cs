using System.Net;
using Starling.Server.Features.Moderation;
using Starling.Server.Tests.Features.Timelines;
using Starling.Server.Tests.Features.Moderation;

namespace Starling.Server.Tests.Web;

/// <summary>/admin/reports: open reports with their posts, resolved with one button; only for admins.</summary>
public abstract class ReportsAdminPageTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Only_admins_see_reports_and_visitors_are_sent_to_sign_in()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var filed = await app.UseAsync<ReportAccount, FiledReport>(r => r.ReportAsync(world.Id("bob"), new ReportRequest(world.Id("dave"), [], "Secret complaint")));
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        using var visitor = new WebSession(app);

        var refused = await bob.FollowAsync(await bob.GetAsync("/admin/reports"));
        var anonymous = await visitor.GetAsync("/admin/reports");
        var profile = await bob.GetAsync("/settings/profile");
        var post = await bob.PostWithTokenAsync("/admin/reports?handler=Resolve", profile.AntiforgeryToken, [("ReportId", filed.Report.Id.ToString())]);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.DoesNotContain("Secret complaint", refused.Html);
        Assert.True(anonymous.IsRedirect);
        Assert.StartsWith("http://localhost/auth/sign_in", anonymous.Location);
        Assert.NotEqual(HttpStatusCode.OK, post.Status);
        Assert.Null((await app.DbAsync(db => db.Reports.SingleAsync())).ResolvedAt);
    }

    [Fact]
    public async Task An_admin_reads_open_reports_with_their_posts_and_resolves_and_reopens_one()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var filed = await app.UseAsync<ReportAccount, FiledReport>(r =>
            r.ReportAsync(world.Id("bob"), new ReportRequest(world.Id("dave"), world.Ids("dave_public"), "Dave <b>shouts</b>")));
        var moderator = await RemoteRows.AccountAsync(app, "mod", "elsewhere.example");
        await app.UseAsync<ReportAccount, Report?>(r => r.ReceiveRemoteReportAsync(moderator.Id, world.Id("alice"), [], "", "https://elsewhere.example/flags/9"));
        using var alice = new WebSession(app);
        await alice.SignInAsync("alice");

        var page = await alice.GetAsync("/admin/reports");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Open reports (2)", page.Html);
        Assert.Contains("<a href=\"/admin/reports\" aria-current=\"page\">Reports</a>", page.Html);
        Assert.Contains("<p class=\"report-comment\">Dave &lt;b&gt;shouts&lt;/b&gt;</p>", page.Html);
        Assert.Contains("Reported by <a href=\"/@bob\">@bob</a>", page.Html);
        Assert.Contains("sent by the moderators of elsewhere.example", page.Html);
        Assert.Contains("<div class=\"content\"><p>Dave&#39;s public post</p></div>", page.Html.Replace("&#x27;", "&#39;"));
        Assert.Contains($"href=\"/@dave/{world.Status("dave_public").Id}\"", page.Html);
        Assert.True(page.Html.IndexOf("@dave", StringComparison.Ordinal) < page.Html.IndexOf("elsewhere.example", StringComparison.Ordinal));
        Assert.Equal(1, page.H1Count);

        var resolved = await alice.PostWithTokenAsync("/admin/reports?handler=Resolve", page.AntiforgeryToken, [("ReportId", filed.Report.Id.ToString())]);
        var after = await alice.FollowAsync(resolved);
        Assert.Equal($"Report {filed.Report.Id} is resolved.", after.Notice);
        Assert.Contains("Open reports (1)", after.Html);
        Assert.Contains("Resolved reports (1)", after.Html);
        Assert.NotNull((await app.DbAsync(db => db.Reports.SingleAsync(r => r.Id == filed.Report.Id))).ResolvedAt);

        var reopened = await alice.PostWithTokenAsync("/admin/reports?handler=Reopen", after.AntiforgeryToken, [("ReportId", filed.Report.Id.ToString())]);
        Assert.Equal($"Report {filed.Report.Id} is open again.", (await alice.FollowAsync(reopened)).Notice);
        Assert.Null((await app.DbAsync(db => db.Reports.SingleAsync(r => r.Id == filed.Report.Id))).ResolvedAt);

        var missing = await alice.PostWithTokenAsync("/admin/reports?handler=Resolve", page.AntiforgeryToken, [("ReportId", "424242")]);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    public sealed class Sqlite() : ReportsAdminPageTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ReportsAdminPageTests(TestDatabase.Postgres);
}
