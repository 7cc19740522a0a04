using Starling.Server.Features.Polls;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Web;

/// <summary>A poll on the status card: a vote form for a signed-in reader who has not voted, results for everyone else.</summary>
public abstract class PollCardTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_reader_votes_with_the_form_and_then_sees_the_results()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var status = await app.UseAsync<CreateStatus, Starling.Server.Data.Entities.Status>(create =>
            create.CreateAsync(world.Id("alice"), new StatusDraft("Lunch?", Poll: new PollDraft(["Soup", "Salad"], 3600))));
        var path = $"/@alice/{status.Id}";
        using var web = new WebSession(app);

        var anonymous = await web.GetAsync(path);
        Assert.Contains("Soup", anonymous.Html);
        Assert.DoesNotContain("/vote\"", anonymous.Html);

        await web.SignInAsync("carol");
        var form = await web.GetAsync(path);
        Assert.Contains($"action=\"/statuses/{status.Id}/vote\"", form.Html);
        Assert.Contains("type=\"radio\" name=\"Choices\" value=\"1\"", form.Html);

        var voted = await web.PostWithTokenAsync($"/statuses/{status.Id}/vote", form.AntiforgeryToken, [("Choices", "1"), ("ReturnUrl", path)]);
        Assert.Equal($"{path}#s-{status.Id}", voted.Location);

        var results = await web.GetAsync(path);
        Assert.DoesNotContain("/vote\"", results.Html);
        Assert.Contains("Salad<span class=\"sr-only\"> (your choice)</span>", results.Html);
        Assert.Contains("<progress max=\"100\" value=\"100\"", results.Html);
    }

    public sealed class Sqlite() : PollCardTests(TestDatabase.Sqlite);
    public sealed class Postgres() : PollCardTests(TestDatabase.Postgres);
}
