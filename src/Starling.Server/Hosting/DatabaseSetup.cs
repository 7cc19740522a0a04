using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Features.Moderation;
using Starling.Server.Options;

namespace Starling.Server.Hosting;

/// <summary>Chooses the provider from configuration; each provider has its own context type and migrations.</summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddStarlingDatabase(this IServiceCollection services, StarlingOptions options)
    {
        if (options.Database.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<AppDbContext, PostgresAppDbContext>(db => db
                .UseNpgsql(PostgresConnectionString(options), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
                .UseSnakeCaseNamingConvention()
                .AddInterceptors(new CommitNotifier()));
        }
        else
        {
            var connectionString = SqliteConnectionString(options);
            var pragmas = new SqlitePragmas();
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(db => db
                .UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
                .UseSnakeCaseNamingConvention()
                .AddInterceptors(pragmas, new CommitNotifier()));
        }
        return services;
    }

    /// <summary>
    /// The configured connection string, with Npgsql's automatic preparation on unless it says otherwise: the same few
    /// dozen statements run thousands of times (the inbox, the queues, the timelines), and a prepared one skips
    /// PostgreSQL's parsing and planning. Preparation is per physical connection and bounded by the count.
    /// </summary>
    public static string PostgresConnectionString(StarlingOptions options)
    {
        var configured = options.Database.ConnectionString ?? "";
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return configured;
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(configured) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
    }

    public static string SqliteConnectionString(StarlingOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            return options.Database.ConnectionString;
        }
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "starling.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Also how long a command waits for a busy writer before giving up.
            DefaultTimeout = 30,
            ForeignKeys = true,
        }.ToString();
    }

    /// <summary>Applies pending migrations, then the domain blocks named in configuration; called at start and by the <c>migrate</c> verb.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Kind == DatabaseKind.Sqlite)
        {
            // WAL lets readers proceed while one writer commits; it is a property of the file, so set it once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await ModerationSetup.ApplyConfiguredDomainBlocksAsync(services, cancellationToken);
    }
}
