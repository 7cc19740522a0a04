using Microsoft.EntityFrameworkCore;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Dereferencing;

namespace Starling.Federation.Tests.Network;

/// <summary>
/// Two servers that both refuse unsigned fetches still find, follow and read each other: every fetch either makes is
/// signed by its instance actor, whose own document stays open so the other side can check that signature.
/// </summary>
public abstract class AuthorizedFetchTests(TestDatabase database) : NetworkTest(database)
{
    private static readonly TestInstanceOptions SecureMode = new()
    {
        Settings = new Dictionary<string, string?> { ["Starling:Federation:AuthorizedFetch"] = "true" },
    };

    [Fact]
    public async Task Servers_in_secure_mode_follow_each_other_and_fetch_each_others_posts()
    {
        var network = StartNetwork();
        var alpha = await network.StartAsync(Alpha, SecureMode);
        var beta = await network.StartAsync(Beta, SecureMode);
        var a = await alpha.World().User("alice").BuildAsync();
        var b = await beta.World().User("bob").Post("earlier", "bob", "Written before anyone followed").BuildAsync();

        var bob = await FindAsync(alpha, "bob@beta.test");
        await alpha.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(a.Id("alice"), bob.Id));
        await network.SettleAsync();
        var post = await PostAsync(beta, b.Id("bob"), new StatusDraft("Hello in secure mode"));
        await network.SettleAsync();

        Assert.True(await alpha.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == a.Id("alice") && f.TargetAccountId == bob.Id)));
        Assert.Contains(await HomeAsync(alpha, a.Id("alice")), view => view.Status.Uri == StatusUri(Beta, "bob", post.Id));
        // A post nobody delivered is fetched by its URL, as a search with resolve=true does.
        var earlierUri = StatusUri(Beta, "bob", b.Status("earlier").Id);
        var fetched = await alpha.UseAsync<IRemoteStatusResolver, Starling.Server.Data.Entities.Status?>(
            r => r.ResolveAsync(earlierUri, CancellationToken.None));
        Assert.NotNull(fetched);
        Assert.Contains("Written before anyone followed", fetched.ContentHtml);
        // And every document fetch between them was signed.
        Assert.Contains(network.Traffic, line => line.StartsWith("GET https://beta.test/users/bob ") && line.EndsWith(" 200"));
        Assert.DoesNotContain(network.Traffic, line => line.EndsWith(" 401"));
    }

    public sealed class Sqlite() : AuthorizedFetchTests(TestDatabase.Sqlite);
    public sealed class Postgres() : AuthorizedFetchTests(TestDatabase.Postgres);
}
