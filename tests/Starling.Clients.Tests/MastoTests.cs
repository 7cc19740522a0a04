using Starling.Clients.Tests.Infrastructure;

namespace Starling.Clients.Tests;

/// <summary>masto.js (npm's masto, on Node.js 22): the client behind Elk and Phanpy, over REST and the WebSocket streaming API.</summary>
public abstract class MastoTests(TestDatabase database, ITestOutputHelper output) : RealClientTest(database, output)
{
    [Fact]
    public async Task Masto_works_against_Starling()
    {
        await RunCheckAsync(RealClient.Masto);
    }

    public sealed class Sqlite(ITestOutputHelper output) : MastoTests(TestDatabase.Sqlite, output);

    public sealed class Postgres(ITestOutputHelper output) : MastoTests(TestDatabase.Postgres, output);
}
