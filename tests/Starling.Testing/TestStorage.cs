using Microsoft.Data.Sqlite;

namespace Starling.Testing;

/// <summary>
/// Where one test instance keeps its data: a temporary data directory (holding the SQLite file) and, on PostgreSQL,
/// a database of its own. Several instances in turn may share one storage, which is how tests "restart" the server.
/// </summary>
public sealed class TestStorage : IAsyncDisposable
{
    private TestStorage(TestDatabase database, string dataDirectory, string? postgresConnectionString)
    {
        Database = database;
        DataDirectory = dataDirectory;
        PostgresConnectionString = postgresConnectionString;
    }

    public TestDatabase Database { get; }

    public string DataDirectory { get; }

    /// <summary>Null on SQLite, whose database is the file <c>starling.db</c> in <see cref="DataDirectory"/>.</summary>
    public string? PostgresConnectionString { get; }

    public string SqliteFile => Path.Combine(DataDirectory, "starling.db");

    public static async Task<TestStorage> CreateAsync(TestDatabase database)
    {
        var connectionString = database == TestDatabase.Postgres ? await PostgresServer.CreateDatabaseAsync() : null;
        var directory = Path.Combine(Path.GetTempPath(), "starling-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new TestStorage(database, directory, connectionString);
    }

    /// <summary>The configuration keys that point a server at this storage.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Starling:DataDirectory"] = DataDirectory,
        ["Starling:Database:Provider"] = Database == TestDatabase.Postgres ? "postgres" : "sqlite",
        ["Starling:Database:ConnectionString"] = PostgresConnectionString ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        if (PostgresConnectionString is not null)
        {
            await PostgresServer.DropDatabaseAsync(PostgresConnectionString);
        }
        // Pooled SQLite connections keep the file open; let go of them before deleting it.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless; failing the test over it would not be.
        }
    }
}
