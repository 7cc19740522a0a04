using Starling.Server.Features.Moderation;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Features.Moderation;

/// <summary>Blocks on whole servers: saving, the cached answers federation asks for, and what suspending removes.</summary>
public abstract class DomainBlockTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<DomainBlockSaved> SaveAsync(TestInstance app, DomainBlockChange change) =>
        app.UseAsync<DomainBlocks, DomainBlockSaved>(blocks => blocks.SaveAsync(change));

    [Fact]
    public async Task Blocks_are_saved_normalised_changed_and_lifted_and_the_policy_follows_each_commit()
    {
        var app = await StartAsync();
        var policy = app.Services.GetRequiredService<DomainBlockPolicy>();
        Assert.Equal(DomainBlockSeverity.None, await policy.SeverityForAsync("social.example.com"));

        var added = await SaveAsync(app, new DomainBlockChange("HTTPS://Example.COM/about", DomainBlockSeverity.Silence, PublicComment: "  Spam  "));

        Assert.Equal(("example.com", DomainBlockSeverity.Silence, "Spam", true, true), (added.Block.Domain, added.Block.Severity, added.Block.PublicComment, added.Created, added.Changed));
        Assert.Equal(DomainBlockSeverity.Silence, await policy.SeverityForAsync("social.example.com"));
        Assert.False(await policy.RejectsMediaAsync("example.com"));

        var changed = await SaveAsync(app, new DomainBlockChange("example.com", DomainBlockSeverity.Silence, RejectMedia: true, PublicComment: "Spam"));
        Assert.Equal((false, true, added.Block.Id), (changed.Created, changed.Changed, changed.Block.Id));
        Assert.True(await policy.RejectsMediaAsync("cdn.example.com"));
        var same = await SaveAsync(app, new DomainBlockChange("example.com.", DomainBlockSeverity.Silence, RejectMedia: true, PublicComment: "Spam"));
        Assert.False(same.Changed);
        Assert.Equal(1, await app.DbAsync(db => db.DomainBlocks.CountAsync()));
        Assert.Equal(0, await app.DbAsync(db => db.Jobs.CountAsync()));

        await app.UseAsync<DomainBlocks>(blocks => blocks.RemoveAsync("EXAMPLE.com"));

        Assert.Equal(DomainBlockSeverity.None, await policy.SeverityForAsync("social.example.com"));
        Assert.False(await policy.RejectsMediaAsync("example.com"));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<DomainBlocks>(blocks => blocks.RemoveAsync("example.com")));
    }

    [Fact]
    public async Task A_block_saved_by_another_context_is_seen_without_waiting_for_the_cache_to_expire()
    {
        var app = await StartAsync();
        var policy = app.Services.GetRequiredService<DomainBlockPolicy>();
        Assert.False(await policy.IsSuspendedAsync("evil.example"));

        // Written with a plain context, not the use case: any commit that touches a block evicts.
        await app.DbAsync(async db =>
        {
            db.DomainBlocks.Add(new DomainBlock { Id = 1, Domain = "evil.example", Severity = DomainBlockSeverity.Suspend, RejectReports = true });
            await db.SaveChangesAsync();
        });

        Assert.True(await policy.IsSuspendedAsync("a.evil.example:8443"));
        Assert.True(await policy.RejectsReportsAsync("evil.example"));
        Assert.Equal(1, (await policy.RulesAsync()).Count);
    }

    [Theory]
    [InlineData("not a domain", "Domain")]
    [InlineData("", "Domain")]
    [InlineData("starling.test", "Domain")]
    [InlineData("https://STARLING.test/", "Domain")]
    [InlineData("test", "Domain")]
    public async Task Bad_names_and_this_server_itself_are_refused(string domain, string field)
    {
        var app = await StartAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => SaveAsync(app, new DomainBlockChange(domain, DomainBlockSeverity.Suspend)));

        Assert.Equal(field, error.Field);
        Assert.Equal(0, await app.DbAsync(db => db.DomainBlocks.CountAsync()));
    }

    [Fact]
    public async Task A_comment_over_the_limit_and_an_unknown_severity_are_refused()
    {
        var app = await StartAsync();

        var comment = await AssertRefusedAsync(DomainErrorKind.Invalid, () => SaveAsync(app,
            new DomainBlockChange("example.com", DomainBlockSeverity.Silence, PublicComment: new string('x', DomainBlocks.MaxCommentLength + 1))));
        var severity = await AssertRefusedAsync(DomainErrorKind.Invalid, () => SaveAsync(app, new DomainBlockChange("example.com", (DomainBlockSeverity)7)));

        Assert.Equal(("PublicComment", "Severity"), (comment.Field, severity.Field));
        Assert.Equal(0, await app.DbAsync(db => db.DomainBlocks.CountAsync()));
    }

    [Fact]
    public async Task Suspending_removes_the_servers_accounts_posts_and_follows_and_corrects_what_they_counted()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("hello", "alice", "Hello").BuildAsync();
        var (alice, bob, hello) = (world.Id("alice"), world.Id("bob"), world.Status("hello").Id);
        var zoe = await RemoteRows.AccountAsync(app, "zoe", "evil.example");
        var yan = await RemoteRows.AccountAsync(app, "yan", "sub.evil.example:8443");
        var kim = await RemoteRows.AccountAsync(app, "kim", "good.example");
        var zoePost = await RemoteRows.PostAsync(app, zoe, "Buy now");
        var kimPost = await RemoteRows.PostAsync(app, kim, "Hi");
        await RemoteRows.PostAsync(app, zoe, "@alice reply", replyTo: hello);
        await RemoteRows.PostAsync(app, zoe, "", boostOf: hello);
        await RemoteRows.FavouriteAsync(app, zoe.Id, hello);
        await RemoteRows.FavouriteAsync(app, kim.Id, hello);
        await RemoteRows.FavouriteAsync(app, alice, zoePost.Id);
        await RemoteRows.FollowAsync(app, alice, zoe.Id);
        await RemoteRows.FollowAsync(app, alice, kim.Id);
        await RemoteRows.FollowAsync(app, zoe.Id, bob);
        await RemoteRows.FollowAsync(app, yan.Id, bob);
        await RemoteRows.FollowAsync(app, yan.Id, zoe.Id);
        await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(bob, zoePost.Id));
        await app.DrainJobsAsync();
        await RemoteRows.DeliveriesAsync(app, ("evil.example", DeliveryState.Pending), ("sub.evil.example:8443", DeliveryState.Pending),
            ("good.example", DeliveryState.Pending), ("evil.example", DeliveryState.Failed));
        var bobBefore = await world.ReloadAccountAsync("bob");
        Assert.Equal(2, bobBefore.FollowersCount);
        Assert.Equal(2, (await world.ReloadAccountAsync("alice")).FollowingCount);
        var helloBefore = await world.ReloadStatusAsync("hello");
        Assert.Equal((2, 1, 1), (helloBefore.FavouritesCount, helloBefore.ReblogsCount, helloBefore.RepliesCount));

        await SaveAsync(app, new DomainBlockChange("evil.example", DomainBlockSeverity.Suspend));

        // The request only queued the work.
        Assert.Equal(3, await app.DbAsync(db => db.Accounts.CountAsync(a => a.Domain != null)));
        Assert.Equal(1, await app.DbAsync(db => db.Jobs.CountAsync(j => j.Type == PurgeDomainJob.TypeName)));

        await app.DrainJobsAsync();

        Assert.Equal([kim.Id], await app.DbAsync(db => db.Accounts.Where(a => a.Domain != null).Select(a => a.Id).ToListAsync()));
        Assert.Equal([kimPost.Id], await app.DbAsync(db => db.Statuses.Where(s => s.Account.Domain != null).Select(s => s.Id).ToListAsync()));
        Assert.Equal(0, await app.DbAsync(db => db.Statuses.CountAsync(s => s.ReblogOfId == zoePost.Id)));
        Assert.Equal(0, await app.DbAsync(db => db.Follows.CountAsync(f => f.AccountId == zoe.Id || f.TargetAccountId == zoe.Id || f.AccountId == yan.Id)));
        var aliceAfter = await world.ReloadAccountAsync("alice");
        var bobAfter = await world.ReloadAccountAsync("bob");
        Assert.Equal((1, 0), (aliceAfter.FollowingCount, aliceAfter.FollowersCount));
        Assert.Equal((0, 0), (bobAfter.FollowersCount, bobAfter.FollowingCount));
        var helloAfter = await world.ReloadStatusAsync("hello");
        Assert.Equal((1, 0, 0), (helloAfter.FavouritesCount, helloAfter.ReblogsCount, helloAfter.RepliesCount));
        Assert.Equal(1, (await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == kim.Id))).FollowersCount);
        Assert.Equal(["evil.example", "good.example"],
            await app.DbAsync(db => db.Deliveries.OrderBy(d => d.Domain).Select(d => d.Domain).ToListAsync()));
        Assert.Equal(DeliveryState.Failed, await app.DbAsync(db => db.Deliveries.Where(d => d.Domain == "evil.example").Select(d => d.State).SingleAsync()));
    }

    [Fact]
    public async Task A_large_server_is_removed_in_batches_each_queueing_the_next()
    {
        var app = await StartAsync();
        var count = PurgeDomainJobHandler.BatchSize + 5;
        await app.DbAsync(async db =>
        {
            var ids = app.Services.GetRequiredService<Starling.Server.Infrastructure.Ids.IdGenerator>();
            for (var i = 0; i < count; i++)
            {
                db.Accounts.Add(new Account { Id = ids.Next(), Username = $"bot{i}", UsernameNormalized = $"bot{i}", Domain = i % 2 == 0 ? "bots.example" : $"n{i}.bots.example" });
            }
            await db.SaveChangesAsync();
        });
        await RemoteRows.AccountAsync(app, "human", "people.example");

        await SaveAsync(app, new DomainBlockChange("bots.example", DomainBlockSeverity.Suspend));
        var ran = await app.DrainJobsAsync();

        Assert.Equal(2, ran);
        Assert.Equal(["people.example"], await app.DbAsync(db => db.Accounts.Where(a => a.Domain != null).Select(a => a.Domain!).ToListAsync()));
    }

    [Fact]
    public async Task A_suspension_lifted_or_softened_before_its_job_runs_removes_nothing()
    {
        var app = await StartAsync();
        await RemoteRows.AccountAsync(app, "zoe", "evil.example");
        await RemoteRows.AccountAsync(app, "yan", "other.example");

        await SaveAsync(app, new DomainBlockChange("evil.example", DomainBlockSeverity.Suspend));
        await app.UseAsync<DomainBlocks>(blocks => blocks.RemoveAsync("evil.example"));
        await SaveAsync(app, new DomainBlockChange("other.example", DomainBlockSeverity.Suspend));
        await SaveAsync(app, new DomainBlockChange("other.example", DomainBlockSeverity.Silence));
        await app.DrainJobsAsync();

        Assert.Equal(2, await app.DbAsync(db => db.Accounts.CountAsync(a => a.Domain != null)));
    }

    public sealed class Sqlite() : DomainBlockTests(TestDatabase.Sqlite);

    public sealed class Postgres() : DomainBlockTests(TestDatabase.Postgres);
}
