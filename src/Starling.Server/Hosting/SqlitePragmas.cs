using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Starling.Server.Hosting;

/// <summary>
/// Per-connection SQLite settings that the connection string cannot carry: fsync less often in WAL mode (still
/// crash-safe). Pooled connections are "opened" for every query, so the PRAGMA runs once per physical connection only.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    private readonly ConditionalWeakTable<object, object> _prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstUse(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstUse(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool FirstUse(DbConnection connection)
    {
        // The native handle outlives each logical open of a pooled connection.
        object key = connection is SqliteConnection { Handle: { } handle } ? handle : connection;
        return _prepared.TryAdd(key, key);
    }
}
