namespace Starling.Bench.Seeding;

/// <summary>The size and shape of the benchmark's data set.</summary>
public sealed record SeedOptions
{
    public int Accounts { get; init; } = 10_000;
    public int Statuses { get; init; } = 200_000;
    /// <summary>How many accounts the measured user follows.</summary>
    public int MeasuredUserFollows { get; init; } = 500;
    /// <summary>How many accounts follow the measured user back.</summary>
    public int MeasuredUserFollowers { get; init; } = 300;
    /// <summary>Follows of every other account, so fan-out and the follows table look like a living server.</summary>
    public int FollowsPerAccount { get; init; } = 2;
    public int RandomSeed { get; init; } = 20_26;

    public string MeasuredUsername { get; init; } = "bench";
    public string MeasuredPassword { get; init; } = "bench-password-2026";
}

/// <summary>What the seeder wrote, for the report.</summary>
public sealed record SeedSummary(
    long MeasuredAccountId,
    int Accounts,
    int Statuses,
    int Follows,
    int HomeFeedEntries,
    int MeasuredHomeFeedEntries,
    int Mentions,
    int Tags,
    int Favourites,
    int Notifications,
    TimeSpan Elapsed);
