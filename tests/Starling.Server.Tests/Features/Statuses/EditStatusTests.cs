using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Features.Statuses;

public abstract class EditStatusTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<Status> Edit(TestInstance app, long editorId, long statusId, string text, string? cw = null) =>
        app.UseAsync<EditStatus, Status>(edit => edit.EditAsync(editorId, statusId, text, cw, sensitive: false));

    private static Task<IReadOnlyList<StatusEdit>> History(TestInstance app, long statusId, long? viewerId) =>
        app.UseAsync<EditStatus, IReadOnlyList<StatusEdit>>(edit => edit.HistoryAsync(statusId, viewerId));

    [Fact]
    public async Task Editing_changes_the_text_and_keeps_every_version_in_order()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice").Post("post", "alice", "First version").BuildAsync();
        var id = world.Status("post").Id;

        Assert.Equal(["First version"], (await History(app, id, null)).Select(e => e.Text));
        app.AdvanceTime(TimeSpan.FromMinutes(1));
        await Edit(app, world.Id("alice"), id, "Second version");
        app.AdvanceTime(TimeSpan.FromMinutes(1));
        await Edit(app, world.Id("alice"), id, "Third version", "now with a warning");

        var stored = await world.ReloadStatusAsync("post");
        Assert.Equal("Third version", stored.Text);
        Assert.Equal("<p>Third version</p>", stored.ContentHtml);
        Assert.Equal("now with a warning", stored.SpoilerText);
        Assert.True(stored.Sensitive);
        Assert.Equal(app.Clock!.GetUtcNow().UtcDateTime, stored.EditedAt);
        var history = await History(app, id, null);
        Assert.Equal(["First version", "Second version", "Third version"], history.Select(e => e.Text));
        Assert.Equal(stored.CreatedAt, history[0].CreatedAt);
        Assert.True(history[0].CreatedAt < history[1].CreatedAt && history[1].CreatedAt < history[2].CreatedAt);
    }

    [Fact]
    public async Task Editing_replaces_mentions_and_tags_even_when_some_stay_the_same()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").Post("post", "alice", "Hi @bob #one #two").BuildAsync();

        await Edit(app, world.Id("alice"), world.Status("post").Id, "Hi @bob and @carol #two #three");

        var stored = await app.DbAsync(db => db.Statuses.AsNoTracking().Include(s => s.Mentions).Include(s => s.Tags).ThenInclude(t => t.Tag)
            .SingleAsync(s => s.Id == world.Status("post").Id));
        Assert.Equal(new[] { world.Id("bob"), world.Id("carol") }.Order(), stored.Mentions.Select(m => m.AccountId).Order());
        Assert.Equal(["three", "two"], stored.Tags.Select(t => t.Tag.Name).Order());
    }

    [Fact]
    public async Task Someone_elses_post_cannot_be_edited()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Mine").BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => Edit(app, world.Id("bob"), world.Status("post").Id, "Yours now"));

        Assert.Equal("Mine", (await world.ReloadStatusAsync("post")).Text);
        Assert.False(await app.DbAsync(db => db.StatusEdits.AnyAsync()));
    }

    [Fact]
    public async Task An_invalid_edit_changes_nothing()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:MaxStatusCharacters"] = "20" } });
        var world = await app.World().Users("alice").Post("post", "alice", "Short").BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Edit(app, world.Id("alice"), world.Status("post").Id, new string('x', 21)));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Edit(app, world.Id("alice"), world.Status("post").Id, "  "));

        var stored = await world.ReloadStatusAsync("post");
        Assert.Equal("Short", stored.Text);
        Assert.Null(stored.EditedAt);
        Assert.False(await app.DbAsync(db => db.StatusEdits.AnyAsync()));
    }

    [Fact]
    public async Task A_boost_cannot_be_edited()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Boost me").Boost("boost", "bob", "post").BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Edit(app, world.Id("bob"), world.Status("boost").Id, "changed"));
    }

    [Fact]
    public async Task History_of_a_hidden_post_is_not_found()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Followers only", Visibility.Private).BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.NotFound, () => History(app, world.Status("post").Id, world.Id("bob")));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => History(app, world.Status("post").Id, null));
        Assert.Single(await History(app, world.Status("post").Id, world.Id("alice")));
    }

    public sealed class Sqlite() : EditStatusTests(TestDatabase.Sqlite);

    public sealed class Postgres() : EditStatusTests(TestDatabase.Postgres);
}
