using Npgsql;

namespace Starling.Testing;

/// <summary>The PostgreSQL server the tests use, named by <c>STARLING_TEST_POSTGRES</c>; each test instance gets its own database on it.</summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "STARLING_TEST_POSTGRES";

    /// <summary>A connection string for a role that may create databases, pointed at the maintenance database.</summary>
    public static string AdminConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                // Failing, not skipping: a run that silently leaves out PostgreSQL would look green while testing half the product.
                throw new InvalidOperationException(
                    $"This test runs on PostgreSQL, but {EnvironmentVariable} is not set. Run ./scripts/test.sh (it starts a throwaway " +
                    $"PostgreSQL server and sets {EnvironmentVariable}), or set it to a role that may create databases, such as " +
                    "\"Host=127.0.0.1;Port=5432;Username=starling;Password=starling\".");
            }
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Database))
            {
                builder.Database = "postgres";
            }
            return builder.ConnectionString;
        }
    }

    /// <summary>Creates an empty database with a unique name and returns a connection string for it.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = AdminConnectionString;
        var name = $"starling_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // FORCE may not end a superuser's backend, and an autovacuum worker visiting the fresh database is one
                // when the test role is not a superuser. The worker finishes within moments; then the drop goes through.
                await Task.Delay(250);
            }
        }
    }
}
