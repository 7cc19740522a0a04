using System.Net;
using System.Text.Json;
using Starling.Server.Features.Moderation;
using Starling.Server.Tests.Api;

namespace Starling.Server.Tests.Web;

/// <summary>/admin/federation: blocks added, changed and lifted through the form; known servers; only for admins.</summary>
public abstract class FederationAdminPageTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Only_admins_reach_the_page_and_visitors_are_sent_to_sign_in()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        using var visitor = new WebSession(app);

        Assert.Equal(HttpStatusCode.Forbidden, (await bob.FollowAsync(await bob.GetAsync("/admin/federation"))).Status);
        var anonymous = await visitor.GetAsync("/admin/federation");
        Assert.True(anonymous.IsRedirect);
        Assert.StartsWith("http://localhost/auth/sign_in", anonymous.Location);

        // A non-admin's form post is refused too, and changes nothing.
        var profile = await bob.GetAsync("/settings/profile");
        var post = await bob.PostWithTokenAsync("/admin/federation?handler=Save", profile.AntiforgeryToken, [("Domain", "evil.example"), ("Severity", "Suspend")]);
        Assert.NotEqual(HttpStatusCode.OK, post.Status);
        Assert.Equal(0, await app.DbAsync(db => db.DomainBlocks.CountAsync()));
    }

    [Fact]
    public async Task An_admin_blocks_changes_and_lifts_a_server_through_the_form()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        await app.DbAsync(async db =>
        {
            db.RemoteInstances.Add(new RemoteInstance { Domain = "down.example", ConsecutiveFailures = 40, FailingSince = new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc), UnavailableSince = new DateTime(2026, 1, 9, 3, 4, 0, DateTimeKind.Utc) });
            db.RemoteInstances.Add(new RemoteInstance { Domain = "up.example", LastSuccessAt = new DateTime(2026, 1, 10, 8, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        });
        using var alice = new WebSession(app);
        await alice.SignInAsync("alice");

        var page = await alice.GetAsync("/admin/federation");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("No server is blocked.", page.Html);
        Assert.Contains("href=\"/admin/reports\"", page.Html);
        Assert.Contains("<a href=\"/admin/federation\" aria-current=\"page\">Federation</a>", page.Html);
        Assert.True(page.Html.IndexOf("down.example", StringComparison.Ordinal) < page.Html.IndexOf("up.example", StringComparison.Ordinal));
        Assert.Contains("Unavailable since <time datetime=\"2026-01-09T03:04:00Z\">", page.Html);
        Assert.Contains("<time datetime=\"2026-01-10T08:00:00Z\">", page.Html);
        Assert.Equal(1, page.H1Count);

        var saved = await alice.PostWithTokenAsync("/admin/federation?handler=Save", page.AntiforgeryToken,
            [("Domain", "HTTPS://Loud.Example/"), ("Severity", "Silence"), ("RejectMedia", "true"), ("RejectMedia", "false"), ("RejectReports", "false"), ("PublicComment", "Harassment")]);
        var list = await alice.FollowAsync(saved);
        Assert.Equal("loud.example is silenced.", list.Notice);
        Assert.Contains("<th scope=\"row\"><bdi>loud.example</bdi></th>", list.Html);
        var block = await app.DbAsync(db => db.DomainBlocks.SingleAsync());
        Assert.Equal(("loud.example", DomainBlockSeverity.Silence, true, false, "Harassment"), (block.Domain, block.Severity, block.RejectMedia, block.RejectReports, block.PublicComment));

        var edit = await alice.GetAsync("/admin/federation?domain=loud.example");
        Assert.Contains("Change the block on loud.example", edit.Html);
        Assert.Contains("id=\"severity-silence\" name=\"Severity\" value=\"Silence\" checked=\"checked\"", edit.Html);
        Assert.Contains("id=\"reject-media\" name=\"RejectMedia\" value=\"true\" checked=\"checked\"", edit.Html);
        var suspended = await alice.PostWithTokenAsync("/admin/federation?handler=Save", edit.AntiforgeryToken,
            [("Domain", "loud.example"), ("Severity", "Suspend"), ("RejectMedia", "false"), ("RejectReports", "false"), ("PublicComment", "")]);
        Assert.Equal("loud.example is suspended. What was stored from it is being removed.", (await alice.FollowAsync(suspended)).Notice);
        Assert.Equal(DomainBlockSeverity.Suspend, (await app.DbAsync(db => db.DomainBlocks.SingleAsync())).Severity);
        Assert.Equal(1, await app.DbAsync(db => db.Jobs.CountAsync(j => j.Type == PurgeDomainJob.TypeName)));

        var lifted = await alice.PostWithTokenAsync("/admin/federation?handler=Remove", edit.AntiforgeryToken, [("Domain", "loud.example")]);
        Assert.Equal("The block on loud.example is lifted.", (await alice.FollowAsync(lifted)).Notice);
        Assert.Equal(0, await app.DbAsync(db => db.DomainBlocks.CountAsync()));
    }

    [Fact]
    public async Task A_bad_name_is_shown_beside_the_form_and_nothing_is_saved()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var alice = new WebSession(app);
        await alice.SignInAsync("alice");
        var page = await alice.GetAsync("/admin/federation");

        var refused = await alice.PostWithTokenAsync("/admin/federation?handler=Save", page.AntiforgeryToken,
            [("Domain", "not a server"), ("Severity", "Suspend"), ("PublicComment", "Kept in the form")]);
        var badSeverity = await alice.PostWithTokenAsync("/admin/federation?handler=Save", page.AntiforgeryToken,
            [("Domain", "fine.example"), ("Severity", "Banish")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("'not a server' is not a server name such as social.example.", refused.Alert);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"domain-hint\"", refused.Html);
        Assert.Contains(">Kept in the form</textarea>", refused.Html);
        Assert.Equal("Choose no limit, silence or suspend.", badSeverity.Alert);
        Assert.Equal(0, await app.DbAsync(db => db.DomainBlocks.CountAsync()));
    }

    [Fact]
    public async Task The_public_list_shows_silenced_and_suspended_servers_as_mastodon_does()
    {
        var app = await StartAsync();
        await app.UseAsync<DomainBlocks, DomainBlockSaved>(b => b.SaveAsync(new DomainBlockChange("loud.example", DomainBlockSeverity.Silence, PublicComment: "Too loud")));
        await app.UseAsync<DomainBlocks, DomainBlockSaved>(b => b.SaveAsync(new DomainBlockChange("evil.example", DomainBlockSeverity.Suspend)));
        await app.UseAsync<DomainBlocks, DomainBlockSaved>(b => b.SaveAsync(new DomainBlockChange("media.example", DomainBlockSeverity.None, RejectMedia: true)));
        using var client = new ApiClient(app);

        var json = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/instance/domain_blocks"), HttpStatusCode.OK);

        // Digests as Mastodon computes them: SHA-256 of the domain, lower-case hex.
        Assert.Equal(
            """[{"domain":"evil.example","digest":"9c180de0cd699ee78897c47cfdb3e7ee1d75906e31b7746a4747dea536909837","severity":"suspend"},"""
            + """{"domain":"loud.example","digest":"354b62204d7066cbec71a6a692bdad3f8ef6369bbac0401f8a2f7e75ee91ae9d","severity":"silence","comment":"Too loud"}]""",
            JsonSerializer.Serialize(json));
    }

    public sealed class Sqlite() : FederationAdminPageTests(TestDatabase.Sqlite);

    public sealed class Postgres() : FederationAdminPageTests(TestDatabase.Postgres);
}
