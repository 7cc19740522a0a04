using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Starling.Server.Hosting;

/// <summary>
/// Per-connection SQLite settings that the connection string cannot carry: fsync less often in WAL mode (still
/// crash-safe), read the database file through a memory map, and wait for a busy writer inside SQLite. Pooled
/// connections are "opened" for every query, so the PRAGMAs run once per physical connection only.
/// </summary>
/// <remarks>
/// Without a busy timeout SQLite answers SQLITE_BUSY at once when another connection is writing, and Microsoft.Data.Sqlite
/// then sleeps 150 ms before trying again: with several writers at once (delivery workers, job workers, inbox requests)
/// every collision cost 150 ms. SQLite's own busy handler retries after a millisecond or two instead. The limit is the
/// connection's command timeout, the same bound Microsoft.Data.Sqlite's retries have.
/// <para>
/// Every commit by one connection empties the page caches of all the others, so under a steady stream of writes
/// (inbox jobs, deliveries) most reads miss their cache and read pages again. With the file memory-mapped those
/// reads are page lookups in memory shared by all connections, rather than a system call and a copy each.
/// </para>
/// </remarks>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // The map is address space, not memory: only the pages read are resident, and the kernel may drop them.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;";

    private static string PragmasFor(DbConnection connection)
    {
        var timeoutSeconds = connection is SqliteConnection { DefaultTimeout: > 0 } sqlite ? sqlite.DefaultTimeout : 30;
        return $"{Pragmas} PRAGMA busy_timeout={timeoutSeconds * 1000};";
    }

    private readonly ConditionalWeakTable<object, object> _prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstUse(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = PragmasFor(connection);
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstUse(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = PragmasFor(connection);
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
