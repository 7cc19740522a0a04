using Starling.Clients.Tests.Infrastructure;

namespace Starling.Clients.Tests;

/// <summary>Mastodon.py (Debian's python3-mastodon): registers an app, logs in with username and password, then uses the API.</summary>
public abstract class MastodonPyTests(TestDatabase database, ITestOutputHelper output) : RealClientTest(database, output)
{
    [Fact]
    public async Task Mastodon_py_works_against_Starling()
    {
        await RunCheckAsync(RealClient.MastodonPy);
    }

    public sealed class Sqlite(ITestOutputHelper output) : MastodonPyTests(TestDatabase.Sqlite, output);

    public sealed class Postgres(ITestOutputHelper output) : MastodonPyTests(TestDatabase.Postgres, output);
}
