using Starling.Clients.Tests.Infrastructure;

namespace Starling.Clients.Tests;

/// <summary>Debian's toot CLI: logs in with the password grant (login_cli), then reads and posts as a person at a terminal.</summary>
public abstract class TootTests(TestDatabase database, ITestOutputHelper output) : RealClientTest(database, output)
{
    [Fact]
    public async Task Toot_works_against_Starling()
    {
        await RunCheckAsync(RealClient.Toot);
    }

    public sealed class Sqlite(ITestOutputHelper output) : TootTests(TestDatabase.Sqlite, output);

    public sealed class Postgres(ITestOutputHelper output) : TootTests(TestDatabase.Postgres, output);
}
