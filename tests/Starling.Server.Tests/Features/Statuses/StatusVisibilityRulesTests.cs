using Starling.Server.Features.Accounts;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Tests.Features.Statuses;

/// <summary>The visibility rule as a truth table: who may see a post, whatever else is true.</summary>
public sealed class StatusVisibilityRulesTests
{
    private const long AuthorId = 1;
    private const long ViewerId = 2;

    public enum Relation
    {
        Anonymous,
        Stranger,
        Follower,
        Mentioned,
        MentionedFollower,
        Author,
    }

    /// <summary>The table of the rule for an author in good standing and no blocks.</summary>
    private static readonly Dictionary<Visibility, Relation[]> SeenBy = new()
    {
        [Visibility.Public] = [Relation.Anonymous, Relation.Stranger, Relation.Follower, Relation.Mentioned, Relation.MentionedFollower, Relation.Author],
        [Visibility.Unlisted] = [Relation.Anonymous, Relation.Stranger, Relation.Follower, Relation.Mentioned, Relation.MentionedFollower, Relation.Author],
        [Visibility.Private] = [Relation.Follower, Relation.Mentioned, Relation.MentionedFollower, Relation.Author],
        [Visibility.Direct] = [Relation.Mentioned, Relation.MentionedFollower, Relation.Author],
    };

    public static TheoryData<Visibility, Relation, bool, bool> Matrix()
    {
        var data = new TheoryData<Visibility, Relation, bool, bool>();
        foreach (var visibility in Enum.GetValues<Visibility>())
        {
            foreach (var relation in Enum.GetValues<Relation>())
            {
                foreach (var blocked in new[] { false, true })
                {
                    // Nobody can block an anonymous reader or themselves.
                    if (blocked && relation is Relation.Anonymous or Relation.Author)
                    {
                        continue;
                    }
                    foreach (var suspended in new[] { false, true })
                    {
                        data.Add(visibility, relation, blocked, suspended);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void CanView_follows_the_table(Visibility visibility, Relation relation, bool blocked, bool authorSuspended)
    {
        var status = new Status { Id = 10, AccountId = AuthorId, Visibility = visibility };
        var facts = new VisibilityFacts(
            relation switch { Relation.Anonymous => null, Relation.Author => AuthorId, _ => ViewerId },
            ViewerFollowsAuthor: relation is Relation.Follower or Relation.MentionedFollower,
            ViewerIsMentioned: relation is Relation.Mentioned or Relation.MentionedFollower,
            BlockedEitherWay: blocked,
            AuthorSuspended: authorSuspended);

        var expected = SeenBy[visibility].Contains(relation) && !blocked && !authorSuspended;

        Assert.Equal(expected, StatusVisibilityRules.CanView(status, facts));
    }

    [Fact]
    public void The_table_is_not_trivial()
    {
        var outcomes = Matrix().Select(row => (bool)row[2] || (bool)row[3] ? false : SeenBy[(Visibility)row[0]].Contains((Relation)row[1])).ToList();
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }
}

/// <summary>
/// The query form <see cref="StatusVisibilityRules.VisibleTo"/> must agree with <see cref="StatusVisibilityRules.CanView"/>
/// on real rows, for every combination of visibility, following, mentioning, blocking (either way) and suspension.
/// </summary>
public abstract class VisibleToAgreesWithCanViewTests(TestDatabase database) : IntegrationTest(database)
{
    private enum BlockKind
    {
        None,
        ViewerBlocksAuthor,
        AuthorBlocksViewer,
    }

    [Fact]
    public async Task The_query_and_the_rule_agree_for_every_combination()
    {
        var app = await StartAsync();
        var viewers = (from following in new[] { false, true }
                       from block in Enum.GetValues<BlockKind>()
                       select (Name: $"v_{(following ? "follower" : "stranger")}_{block.ToString().ToLowerInvariant()}", Follows: following, Block: block)).ToList();
        var builder = app.World().Users("author", "banned").Users([.. viewers.Select(v => v.Name)]);
        foreach (var author in new[] { "author", "banned" })
        {
            foreach (var visibility in Enum.GetValues<Visibility>())
            {
                builder.Post($"{author}_{visibility}_nobody", author, $"{visibility} post mentioning nobody", visibility);
                foreach (var viewer in viewers)
                {
                    builder.Post($"{author}_{visibility}_{viewer.Name}", author, $"@{viewer.Name} a {visibility} post", visibility);
                }
            }
        }
        var world = await builder.BuildAsync(drainJobs: false);

        // Follows and blocks are written as rows: the use cases rightly refuse to follow across a block, but the rule must still hold.
        await app.DbAsync(async db =>
        {
            var ids = app.Services.GetRequiredService<IdGenerator>();
            foreach (var author in new[] { "author", "banned" })
            {
                foreach (var viewer in viewers)
                {
                    var (viewerId, authorId) = (world.Id(viewer.Name), world.Id(author));
                    if (viewer.Follows)
                    {
                        db.Follows.Add(new Follow { Id = ids.Next(), AccountId = viewerId, TargetAccountId = authorId });
                    }
                    if (viewer.Block != BlockKind.None)
                    {
                        var (blocker, blocked) = viewer.Block == BlockKind.ViewerBlocksAuthor ? (viewerId, authorId) : (authorId, viewerId);
                        db.Blocks.Add(new Block { Id = ids.Next(), AccountId = blocker, TargetAccountId = blocked });
                    }
                }
            }
            await db.SaveChangesAsync();
        });
        await app.UseAsync<AdministerAccount>(admin => admin.SuspendAsync("banned"));

        var (statuses, mentions, follows, blocks, suspended) = await app.DbAsync(async db => (
            await db.Statuses.AsNoTracking().ToListAsync(),
            (await db.Mentions.Select(m => new { m.StatusId, m.AccountId }).ToListAsync()).Select(m => (m.StatusId, m.AccountId)).ToHashSet(),
            (await db.Follows.Select(f => new { f.AccountId, f.TargetAccountId }).ToListAsync()).Select(f => (f.AccountId, f.TargetAccountId)).ToHashSet(),
            (await db.Blocks.Select(b => new { b.AccountId, b.TargetAccountId }).ToListAsync()).Select(b => (b.AccountId, b.TargetAccountId)).ToHashSet(),
            (await db.Accounts.Where(a => a.SuspendedAt != null).Select(a => a.Id).ToListAsync()).ToHashSet()));
        Assert.Equal(2 * 4 * (viewers.Count + 1), statuses.Count);

        var readers = new List<long?> { null, world.Id("author"), world.Id("banned") };
        readers.AddRange(viewers.Select(v => (long?)world.Id(v.Name)));
        var disagreements = new List<string>();
        var seen = 0;
        foreach (var reader in readers)
        {
            var queried = (await app.DbAsync(db => db.Statuses.VisibleTo(db, reader).Select(s => s.Id).ToListAsync())).ToHashSet();
            foreach (var status in statuses)
            {
                var facts = new VisibilityFacts(
                    reader,
                    reader is { } r && follows.Contains((r, status.AccountId)),
                    reader is { } m && mentions.Contains((status.Id, m)),
                    reader is { } b && (blocks.Contains((b, status.AccountId)) || blocks.Contains((status.AccountId, b))),
                    suspended.Contains(status.AccountId));
                var ruled = StatusVisibilityRules.CanView(status, facts);
                seen += ruled ? 1 : 0;
                if (ruled != queried.Contains(status.Id))
                {
                    disagreements.Add($"reader {reader?.ToString() ?? "anonymous"}, status '{status.Text}' by {status.AccountId}: rule says {ruled}, query says {!ruled}");
                }
            }
        }

        Assert.Empty(disagreements);
        // Both answers occur, so agreement is not the agreement of two constant functions.
        Assert.InRange(seen, 1, readers.Count * statuses.Count - 1);
    }

    public sealed class Sqlite() : VisibleToAgreesWithCanViewTests(TestDatabase.Sqlite);

    public sealed class Postgres() : VisibleToAgreesWithCanViewTests(TestDatabase.Postgres);
}
