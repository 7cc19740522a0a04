using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Features.Statuses;

public abstract class CreateStatusTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<Status> Post(TestInstance app, long authorId, StatusDraft draft) =>
        app.UseAsync<CreateStatus, Status>(create => create.CreateAsync(authorId, draft));

    [Fact]
    public async Task A_post_is_stored_rendered_and_counted()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();

        var status = await Post(app, world.Id("alice"), new StatusDraft("Hello, world!"));

        var stored = await app.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(s => s.Id == status.Id));
        Assert.Equal("Hello, world!", stored.Text);
        Assert.Equal("<p>Hello, world!</p>", stored.ContentHtml);
        Assert.Equal(Visibility.Public, stored.Visibility);
        Assert.Equal(stored.Id, stored.ConversationId);
        var alice = await world.ReloadAccountAsync("alice");
        Assert.Equal(1, alice.StatusesCount);
        Assert.NotNull(alice.LastStatusAt);
    }

    [Fact]
    public async Task Text_at_the_limit_is_accepted_and_one_more_character_is_refused_with_nothing_written()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:MaxStatusCharacters"] = "50" } });
        var world = await app.World().Users("alice").BuildAsync();
        var atLimit = new string('a', 50);

        await Post(app, world.Id("alice"), new StatusDraft(atLimit));
        await app.DrainJobsAsync();
        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => Post(app, world.Id("alice"), new StatusDraft(atLimit + "a #overlong")));

        Assert.Equal("status", error.Field);
        Assert.Contains("too long", error.Message);
        Assert.Equal(1, await app.DbAsync(db => db.Statuses.CountAsync()));
        Assert.False(await app.DbAsync(db => db.Tags.AnyAsync()));
        Assert.False(await app.DbAsync(db => db.Jobs.AnyAsync()));
        Assert.Equal(1, (await world.ReloadAccountAsync("alice")).StatusesCount);
    }

    [Fact]
    public async Task Every_url_counts_as_23_characters_however_long_it_is()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:MaxStatusCharacters"] = "50" } });
        var world = await app.World().Users("alice").BuildAsync();
        var longUrl = "https://example.com/" + new string('x', 200);
        // 23 + 1 + 23 + 1 + 2 = 50: two very long links still fit.
        var text = $"{longUrl} {longUrl} ok";

        var status = await Post(app, world.Id("alice"), new StatusDraft(text));

        Assert.Contains($"href=\"{longUrl}\"", status.ContentHtml);
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Post(app, world.Id("alice"), new StatusDraft(text + "!")));
    }

    [Fact]
    public async Task The_content_warning_counts_towards_the_limit()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:MaxStatusCharacters"] = "20" } });
        var world = await app.World().Users("alice").BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Post(app, world.Id("alice"), new StatusDraft("twelve chars", "nine char")));
        var status = await Post(app, world.Id("alice"), new StatusDraft("twelve chars", "eight ch"));

        Assert.Equal("eight ch", status.SpoilerText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\t")]
    public async Task An_empty_post_is_refused(string text)
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => Post(app, world.Id("alice"), new StatusDraft(text)));

        Assert.Equal("status", error.Field);
        Assert.False(await app.DbAsync(db => db.Statuses.AnyAsync()));
    }

    [Fact]
    public async Task A_content_warning_marks_the_post_sensitive()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();

        var status = await Post(app, world.Id("alice"), new StatusDraft("The ending of the film", "  spoilers  "));

        Assert.Equal("spoilers", status.SpoilerText);
        Assert.True(status.Sensitive);
        var plain = await Post(app, world.Id("alice"), new StatusDraft("Nothing to hide"));
        Assert.False(plain.Sensitive);
        Assert.Equal("", plain.SpoilerText);
    }

    [Fact]
    public async Task Replies_join_the_thread_and_are_counted_on_the_parent()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("root", "alice", "Root post")
            .Post("reply", "bob", "First reply", replyTo: "root")
            .Post("nested", "alice", "Reply to the reply", replyTo: "reply")
            .BuildAsync();

        var root = await world.ReloadStatusAsync("root");
        var reply = await world.ReloadStatusAsync("reply");
        var nested = await world.ReloadStatusAsync("nested");
        Assert.Equal(1, root.RepliesCount);
        Assert.Equal(1, reply.RepliesCount);
        Assert.Equal(root.Id, reply.InReplyToId);
        Assert.Equal(world.Id("alice"), reply.InReplyToAccountId);
        Assert.Equal(root.Id, nested.ConversationId);
        Assert.Equal(root.Id, reply.ConversationId);
        Assert.Equal(world.Id("bob"), nested.InReplyToAccountId);
    }

    [Fact]
    public async Task Replying_to_a_post_one_cannot_see_is_not_found_and_writes_nothing()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("secret", "alice", "followers only", Visibility.Private)
            .BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.NotFound, () => Post(app, world.Id("bob"), new StatusDraft("hi", InReplyToId: world.Status("secret").Id)));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => Post(app, world.Id("bob"), new StatusDraft("hi", InReplyToId: 12345)));

        Assert.Equal(1, await app.DbAsync(db => db.Statuses.CountAsync()));
        Assert.Equal(0, (await world.ReloadStatusAsync("secret")).RepliesCount);
    }

    [Fact]
    public async Task Mentions_and_hashtags_are_parsed_stored_and_linked()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").BuildAsync();

        var status = await Post(app, world.Id("alice"),
            new StatusDraft($"Hi @bob and @CAROL@{TestInstance.Domain}, meet @nobody and @someone@elsewhere.example #Fediverse #dotnet #fediverse"));

        var stored = await app.DbAsync(db => db.Statuses.AsNoTracking().Include(s => s.Mentions).Include(s => s.Tags).ThenInclude(t => t.Tag)
            .SingleAsync(s => s.Id == status.Id));
        Assert.Equal(new[] { world.Id("bob"), world.Id("carol") }.Order(), stored.Mentions.Select(m => m.AccountId).Order());
        Assert.Equal(["dotnet", "fediverse"], stored.Tags.Select(t => t.Tag.Name).Order());
        Assert.Equal("Fediverse", stored.Tags.Single(t => t.Tag.Name == "fediverse").Tag.DisplayName);
        Assert.Contains($"<a href=\"{TestInstance.PublicUrl}/@bob\" class=\"u-url mention\">@<span>bob</span></a>", stored.ContentHtml);
        Assert.Contains($"<a href=\"{TestInstance.PublicUrl}/@carol\" class=\"u-url mention\">@<span>carol</span></a>", stored.ContentHtml);
        Assert.Contains($"href=\"{TestInstance.PublicUrl}/tags/dotnet\"", stored.ContentHtml);
        // Unknown people stay plain text rather than becoming links to nowhere.
        Assert.Contains("@nobody", stored.ContentHtml);
        Assert.DoesNotContain("/@nobody", stored.ContentHtml);
        Assert.DoesNotContain("href=\"https://elsewhere.example", stored.ContentHtml);
    }

    [Fact]
    public async Task A_tag_used_again_is_reused_not_duplicated()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("one", "alice", "#Cats are great")
            .Post("two", "bob", "I like #cats too")
            .BuildAsync();

        var tags = await app.DbAsync(db => db.Tags.AsNoTracking().ToListAsync());

        Assert.Equal("cats", Assert.Single(tags).Name);
        Assert.Equal(2, await app.DbAsync(db => db.StatusTags.CountAsync()));
    }

    [Fact]
    public async Task Html_in_a_post_is_escaped()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();

        var status = await Post(app, world.Id("alice"),
            new StatusDraft("<script>alert('x')</script> <b onclick=\"evil()\">bold</b> & \"quotes\"", "<i>cw</i>"));

        Assert.DoesNotContain("<script", status.ContentHtml);
        Assert.DoesNotContain("<b ", status.ContentHtml);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", status.ContentHtml);
        Assert.Contains("&amp; &quot;quotes&quot;", status.ContentHtml);
        // The raw text is kept as typed; only the rendering is escaped.
        Assert.StartsWith("<script>", status.Text);
    }

    [Fact]
    public async Task The_author_sees_the_post_at_once_and_followers_after_the_fan_out()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice").BuildAsync();

        var status = await Post(app, world.Id("alice"), new StatusDraft("fan me out"));

        Assert.Contains(status.Id, await HomeIds(app, world.Id("alice")));
        Assert.DoesNotContain(status.Id, await HomeIds(app, world.Id("bob")));
        await app.DrainJobsAsync();
        Assert.Contains(status.Id, await HomeIds(app, world.Id("bob")));
    }

    [Fact]
    public async Task A_suspended_account_cannot_post()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        await app.UseAsync<Starling.Server.Features.Accounts.AdministerAccount>(admin => admin.SuspendAsync("alice"));

        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => Post(app, world.Id("alice"), new StatusDraft("still here?")));
    }

    [Fact]
    public async Task A_bad_language_code_is_refused()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => Post(app, world.Id("alice"), new StatusDraft("hi", Language: "english!")));

        Assert.Equal("language", error.Field);
        Assert.Equal("en", (await Post(app, world.Id("alice"), new StatusDraft("hi", Language: " EN "))).Language);
    }

    private static async Task<List<long>> HomeIds(TestInstance app, long viewerId) =>
        (await app.UseAsync<TimelineQueries, TimelinePage>(t => t.HomeAsync(viewerId, PageRequest.Default))).Items.Select(v => v.Status.Id).ToList();

    public sealed class Sqlite() : CreateStatusTests(TestDatabase.Sqlite);

    public sealed class Postgres() : CreateStatusTests(TestDatabase.Postgres);
}
