using System.Collections.Concurrent;
using Starling.Server.Features.Events;
using Starling.Server.Features.Moderation;
using Starling.Server.Tests.Features.Timelines;

namespace Starling.Server.Tests.Features.Moderation;

/// <summary>Reports filed here, reports received from other servers, and resolving them.</summary>
public abstract class ReportTests(TestDatabase database) : IntegrationTest(database)
{
    /// <summary>Keeps every AccountReported event, as the outbox will receive them.</summary>
    private sealed class ReportedEvents : IDomainEventHandler<AccountReported>
    {
        public ConcurrentQueue<AccountReported> Seen { get; } = new();

        public Task HandleAsync(AccountReported domainEvent, CancellationToken cancellationToken)
        {
            Seen.Enqueue(domainEvent);
            return Task.CompletedTask;
        }
    }

    private readonly ReportedEvents _events = new();

    private Task<(TestInstance App, World World)> StartWorldAsync() =>
        StartWithStandardWorldAsync(o => o with { ConfigureServices = services => services.AddSingleton<IDomainEventHandler<AccountReported>>(_events) });

    private static Task<FiledReport> ReportAsync(TestInstance app, long reporter, ReportRequest request) =>
        app.UseAsync<ReportAccount, FiledReport>(r => r.ReportAsync(reporter, request));

    [Fact]
    public async Task A_user_reports_an_account_with_posts_they_can_see_and_the_event_does_not_forward_a_local_report()
    {
        var (app, world) = await StartWorldAsync();
        var statuses = world.Ids("alice_direct_bob", "alice_public", "alice_followers", "alice_public");

        var filed = await ReportAsync(app, world.Id("bob"), new ReportRequest(world.Id("alice"), statuses, "  Rude to me  ", Forward: true));

        var stored = await app.DbAsync(db => db.Reports.SingleAsync());
        Assert.Equal((world.Id("bob"), world.Id("alice"), "Rude to me", null, null), (stored.AccountId, stored.TargetAccountId, stored.Comment, stored.Uri, stored.ResolvedAt));
        Assert.Equal(world.Ids("alice_direct_bob", "alice_public", "alice_followers").Select(id => id.ToString()), stored.StatusIds);
        Assert.Equal((stored.Id, "alice", false), (filed.Report.Id, filed.Target.Username, filed.Forwarded));
        var reported = Assert.Single(_events.Seen);
        Assert.Equal((stored.Id, false), (reported.Report.Id, reported.Forward));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_report_on_a_remote_account_is_forwarded_only_when_asked(bool forward)
    {
        var (app, world) = await StartWorldAsync();
        var zoe = await RemoteRows.AccountAsync(app, "zoe", "elsewhere.example");
        var post = await RemoteRows.PostAsync(app, zoe, "Spam");

        var filed = await ReportAsync(app, world.Id("carol"), new ReportRequest(zoe.Id, [post.Id], "Spam", forward));

        Assert.Equal(forward, filed.Forwarded);
        Assert.Equal((zoe.Id, forward), _events.Seen.Select(e => (e.Report.TargetAccountId, e.Forward)).Single());
    }

    [Fact]
    public async Task Reports_that_break_a_rule_or_point_at_posts_the_reporter_cannot_see_are_refused()
    {
        var (app, world) = await StartWorldAsync();
        var (alice, erin, bob) = (world.Id("alice"), world.Id("erin"), world.Id("bob"));

        await AssertRefusedAsync(DomainErrorKind.Invalid, () => ReportAsync(app, erin, new ReportRequest(erin, [])));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => ReportAsync(app, erin, new ReportRequest(987654321, [])));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => ReportAsync(app, erin, new ReportRequest(alice, world.Ids("alice_followers"))));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => ReportAsync(app, erin, new ReportRequest(alice, world.Ids("alice_direct_bob"))));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => ReportAsync(app, erin, new ReportRequest(alice, world.Ids("bob_reply"))));
        var comment = await AssertRefusedAsync(DomainErrorKind.Invalid, () =>
            ReportAsync(app, erin, new ReportRequest(alice, [], new string('x', ReportAccount.MaxCommentLength + 1))));
        var many = await AssertRefusedAsync(DomainErrorKind.Invalid, () =>
            ReportAsync(app, bob, new ReportRequest(alice, Enumerable.Range(1, ReportAccount.MaxStatuses + 1).Select(i => (long)i).ToList())));

        Assert.Equal(("comment", "status_ids"), (comment.Field, many.Field));
        Assert.Equal(0, await app.DbAsync(db => db.Reports.CountAsync()));
        Assert.Empty(_events.Seen);
        // Blocking someone does not hide the evidence from a report about them.
        await app.DbAsync(async db =>
        {
            db.Blocks.Add(new Block { Id = 5, AccountId = erin, TargetAccountId = alice });
            await db.SaveChangesAsync();
        });
        await ReportAsync(app, erin, new ReportRequest(alice, world.Ids("alice_public")));
        Assert.Equal(1, await app.DbAsync(db => db.Reports.CountAsync()));
    }

    [Fact]
    public async Task A_report_from_another_server_is_stored_once_and_only_about_our_accounts_and_their_posts()
    {
        var (app, world) = await StartWorldAsync();
        var moderator = await RemoteRows.AccountAsync(app, "mod", "elsewhere.example");
        var zoe = await RemoteRows.AccountAsync(app, "zoe", "elsewhere.example");
        var statuses = world.Ids("alice_public", "bob_reply", "alice_unlisted");
        const string flag = "https://elsewhere.example/flags/1";

        var first = await app.UseAsync<ReportAccount, Report?>(r => r.ReceiveRemoteReportAsync(moderator.Id, world.Id("alice"), statuses, " From afar ", flag));
        var again = await app.UseAsync<ReportAccount, Report?>(r => r.ReceiveRemoteReportAsync(moderator.Id, world.Id("alice"), [], "changed", flag));
        var aboutRemote = await app.UseAsync<ReportAccount, Report?>(r => r.ReceiveRemoteReportAsync(moderator.Id, zoe.Id, [], "", "https://elsewhere.example/flags/2"));

        Assert.NotNull(first);
        Assert.Equal(first.Id, again?.Id);
        Assert.Null(aboutRemote);
        var stored = await app.DbAsync(db => db.Reports.SingleAsync());
        Assert.Equal((moderator.Id, world.Id("alice"), "From afar", flag), (stored.AccountId, stored.TargetAccountId, stored.Comment, stored.Uri));
        Assert.Equal(world.Ids("alice_public", "alice_unlisted").Order().Select(id => id.ToString()), stored.StatusIds);
        Assert.Empty(_events.Seen);
    }

    [Fact]
    public async Task Reports_from_a_server_whose_reports_are_rejected_are_not_stored()
    {
        var (app, world) = await StartWorldAsync();
        var noisy = await RemoteRows.AccountAsync(app, "mod", "noisy.example");
        var evil = await RemoteRows.AccountAsync(app, "mod", "sub.evil.example");
        await app.UseAsync<DomainBlocks, DomainBlockSaved>(b => b.SaveAsync(new DomainBlockChange("noisy.example", DomainBlockSeverity.None, RejectReports: true)));
        await app.UseAsync<DomainBlocks, DomainBlockSaved>(b => b.SaveAsync(new DomainBlockChange("evil.example", DomainBlockSeverity.Suspend)));

        var fromNoisy = await app.UseAsync<ReportAccount, Report?>(r => r.ReceiveRemoteReportAsync(noisy.Id, world.Id("alice"), [], "", "https://noisy.example/flags/1"));
        var fromEvil = await app.UseAsync<ReportAccount, Report?>(r => r.ReceiveRemoteReportAsync(evil.Id, world.Id("alice"), [], "", "https://sub.evil.example/flags/1"));

        Assert.Null(fromNoisy);
        Assert.Null(fromEvil);
        Assert.Equal(0, await app.DbAsync(db => db.Reports.CountAsync()));
    }

    [Fact]
    public async Task Resolving_keeps_the_first_time_and_reopening_clears_it()
    {
        var (app, world) = await StartWorldAsync();
        var filed = await ReportAsync(app, world.Id("bob"), new ReportRequest(world.Id("alice"), []));

        await app.UseAsync<ResolveReport, Report>(r => r.ResolveAsync(filed.Report.Id));
        var resolvedAt = await app.DbAsync(db => db.Reports.Select(r => r.ResolvedAt).SingleAsync());
        await app.UseAsync<ResolveReport, Report>(r => r.ResolveAsync(filed.Report.Id));
        var open = await app.UseAsync<ReportQueries, ReportQueries.Overview>(q => q.OpenAsync());

        Assert.NotNull(resolvedAt);
        Assert.Equal(resolvedAt, await app.DbAsync(db => db.Reports.Select(r => r.ResolvedAt).SingleAsync()));
        Assert.Equal(0, open.Total);
        Assert.Null((await app.UseAsync<ResolveReport, Report>(r => r.ReopenAsync(filed.Report.Id))).ResolvedAt);
        Assert.Equal([filed.Report.Id], (await app.UseAsync<ReportQueries, ReportQueries.Overview>(q => q.OpenAsync())).Reports.Select(r => r.Report.Id));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<ResolveReport, Report>(r => r.ResolveAsync(12345)));
    }

    public sealed class Sqlite() : ReportTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ReportTests(TestDatabase.Postgres);
}
