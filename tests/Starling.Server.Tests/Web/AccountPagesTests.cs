using System.Net;

namespace Starling.Server.Tests.Web;

/// <summary>Profiles, relationships, follow requests, notifications, settings, the admin page and the error pages.</summary>
public abstract class AccountPagesTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_profile_shows_the_bio_fields_and_posts_and_follow_turns_into_unfollow()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("erin");
        await app.UseAsync<Starling.Server.Features.Accounts.UpdateProfile, Account>(u =>
            u.UpdateAsync(world.Id("alice"), new Starling.Server.Features.Accounts.ProfileChanges(Note: "Birds <i>and</i> #code",
                Fields: [new("Site <b>", "https://alice.example")])));

        var profile = await web.GetAsync("/@ALICE");
        Assert.Contains("<h1 class=\"profile-name\"><bdi>Alice</bdi>", profile.Html);
        Assert.Contains($"@alice@{TestInstance.Domain}", profile.Html);
        Assert.Contains("Birds &lt;i&gt;and&lt;/i&gt;", profile.Html);
        Assert.Contains("<dt>Site &lt;b&gt;</dt><dd class=\"content\"><a href=\"https://alice.example\"", profile.Html);
        Assert.Equal([world.Status("alice_unlisted").Id, world.Status("alice_public").Id], profile.StatusIds);
        Assert.Contains(">Follow</button>", profile.Html);

        var follow = await web.PostWithTokenAsync("/@alice?handler=Follow", profile.AntiforgeryToken, []);
        var after = await web.FollowAsync(follow);
        Assert.Contains(">Unfollow</button>", after.Html);
        Assert.Equal("You follow Alice now.", after.Notice);
        Assert.Equal(3, (await world.ReloadAccountAsync("alice")).FollowersCount);
    }

    [Fact]
    public async Task A_locked_account_is_asked_and_its_owner_approves_from_the_requests_page()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var erin = new WebSession(app);
        await erin.SignInAsync("erin");
        var request = await erin.PostAsync("/@dave", "/@dave?handler=Follow");
        Assert.Contains(">Cancel request</button>", (await erin.FollowAsync(request)).Html);

        using var dave = new WebSession(app);
        await dave.SignInAsync("dave");
        var requests = await dave.GetAsync("/follow_requests");
        Assert.Contains("<span class=\"label\">Follow requests</span><span class=\"badge\">2", requests.Html);
        Assert.Contains(">Approve</button>", requests.Html);
        Assert.Contains(">Reject</button>", requests.Html);
        var approve = await dave.PostWithTokenAsync("/follow_requests?handler=Approve", requests.AntiforgeryToken, [("AccountId", world.Id("erin").ToString())]);
        var reject = await dave.PostWithTokenAsync("/follow_requests?handler=Reject", requests.AntiforgeryToken, [("AccountId", world.Id("bob").ToString())]);

        Assert.Equal("/follow_requests", approve.Location);
        Assert.Equal("/follow_requests", reject.Location);
        Assert.Contains(">Unfollow</button>", (await erin.GetAsync("/@dave")).Html);
        Assert.Equal(0, await app.DbAsync(db => db.FollowRequests.CountAsync()));
        Assert.DoesNotContain("Follow requests</span>", (await dave.GetAsync("/")).Html);
    }

    [Fact]
    public async Task Following_yourself_is_refused_beside_the_buttons()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("alice");

        var result = await web.PostAsync("/@alice", "/@alice?handler=Follow");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.Equal("You cannot follow yourself.", result.Alert);
        Assert.Contains(">Edit profile</a>", result.Html);
    }

    [Fact]
    public async Task Mute_and_block_toggle_from_the_profile()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var token = (await web.GetAsync("/@bob")).AntiforgeryToken;

        await web.PostWithTokenAsync("/@bob?handler=Mute", token, []);
        Assert.Contains(">Unmute</button>", (await web.GetAsync("/@bob")).Html);
        Assert.DoesNotContain(world.Status("bob_reply").Id, (await web.GetAsync("/")).StatusIds);
        await web.PostWithTokenAsync("/@bob?handler=Block", token, []);

        var blocked = await web.GetAsync("/@bob");
        Assert.Contains(">Unblock</button>", blocked.Html);
        Assert.DoesNotContain(">Unfollow</button>", blocked.Html);
        Assert.Equal(1, await app.DbAsync(db => db.Blocks.CountAsync(b => b.AccountId == world.Id("carol"))));
    }

    [Fact]
    public async Task Notifications_are_marked_unread_once_and_the_navigation_counts_them()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("alice");

        var home = await web.GetAsync("/");
        Assert.Matches("<span class=\"label\">Notifications</span><span class=\"badge\">[1-9]", home.Html);
        var first = await web.GetAsync("/notifications");
        Assert.Contains("class=\"notification kind-mention unread\"", first.Html);
        Assert.Contains("followed you", first.Html);

        var second = await web.GetAsync("/notifications");
        Assert.DoesNotContain(" unread\"", second.Html);
        Assert.DoesNotContain("class=\"badge\"", second.Html);
    }

    [Fact]
    public async Task The_profile_settings_save_and_a_too_long_name_is_refused_beside_its_field()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("erin");
        var form = await web.GetAsync("/settings/profile");
        Assert.Contains("<label for=\"display-name\">Display name</label>", form.Html);
        Assert.Contains("<label for=\"note\">Bio</label>", form.Html);
        Assert.Contains("<label for=\"locked\">Require follow requests</label>", form.Html);

        var refused = await web.PostWithTokenAsync("/settings/profile", form.AntiforgeryToken,
            [("DisplayName", new string('e', 31)), ("Note", "kept"), ("Locked", "false")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Matches("<input id=\"display-name\"[^>]*aria-invalid=\"true\"", refused.Html);
        Assert.Contains(">kept</textarea>", refused.Html);

        var saved = await web.PostWithTokenAsync("/settings/profile", form.AntiforgeryToken,
            [("DisplayName", "Erin E."), ("Note", "Hello"), ("Locked", "true"), ("Locked", "false")]);
        Assert.Equal("Your profile is saved.", (await web.FollowAsync(saved)).Notice);
        var erin = await world.ReloadAccountAsync("erin");
        Assert.Equal(("Erin E.", "Hello", true), (erin.DisplayName, erin.Note, erin.Locked));
    }

    [Fact]
    public async Task Only_an_admin_sees_the_job_queue_and_can_discard_a_parked_job()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        await app.DbAsync(async db =>
        {
            db.Jobs.Add(new Job { Id = 42, Type = "test.broken", Payload = "{}", State = JobState.Parked, Attempts = 8, LastError = "boom" });
            await db.SaveChangesAsync();
        });
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.FollowAsync(await bob.GetAsync("/admin/jobs"))).Status);

        using var alice = new WebSession(app);
        await alice.SignInAsync("alice");
        var page = await alice.GetAsync("/admin/jobs");
        Assert.Contains("test.broken", page.Html);
        Assert.Contains("href=\"/admin/jobs\"", page.Html);
        var discard = await alice.PostWithTokenAsync("/admin/jobs?handler=Discard", page.AntiforgeryToken, [("JobId", "42")]);

        Assert.Equal("Job 42 is discarded.", (await alice.FollowAsync(discard)).Notice);
        Assert.Equal(0, await app.DbAsync(db => db.Jobs.CountAsync(j => j.Id == 42)));
    }

    [Fact]
    public async Task Error_pages_are_readable_and_keep_their_status()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("bob");

        var missingPage = await web.GetAsync("/no/such/page");
        var missingProfile = await web.GetAsync("/@nobody");
        var noToken = await web.PostWithTokenAsync("/compose", token: null, [("Text", "no token")]);

        Assert.Equal(HttpStatusCode.NotFound, missingPage.Status);
        Assert.Contains("<h1>Not found</h1>", missingPage.Html);
        Assert.Equal(HttpStatusCode.NotFound, missingProfile.Status);
        Assert.Equal("Account not found.", missingProfile.Alert);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);
        Assert.Contains("This form has expired", noToken.Html);
        Assert.Equal(0, await app.DbAsync(db => db.Statuses.CountAsync(s => s.Text == "no token")));
    }

    public sealed class Sqlite() : AccountPagesTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AccountPagesTests(TestDatabase.Postgres);
}
