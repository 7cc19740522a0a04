using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Starling.Server.Hosting;

namespace Starling.Server.Tests.Data;

public abstract class MigrationTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Every_migration_applies_to_an_empty_database_and_the_model_has_no_pending_changes()
    {
        var app = await StartAsync(o => o with { Migrate = false });

        await DatabaseSetup.MigrateAsync(app.Services);

        await app.DbAsync(async db =>
        {
            var all = db.Database.GetMigrations().ToList();
            Assert.NotEmpty(all);
            Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: add one for each provider.");
        });
    }

    [Fact]
    public async Task Migrating_again_is_harmless_and_keeps_the_data()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();

        await DatabaseSetup.MigrateAsync(app.Services);

        Assert.Equal(1, await app.DbAsync(db => db.Accounts.CountAsync()));
    }

    [Fact]
    public async Task Each_provider_uses_only_its_own_migrations()
    {
        var app = await StartAsync();
        var expectedNamespace = $"Starling.Server.Data.Migrations.{Database}";

        await app.DbAsync(db =>
        {
            var migrations = db.GetService<IMigrationsAssembly>().Migrations.Values.ToList();
            Assert.NotEmpty(migrations);
            Assert.All(migrations, type => Assert.Equal(expectedNamespace, type.Namespace));
            Assert.Equal(expectedNamespace, db.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType().Namespace);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Names_are_snake_case()
    {
        var app = await StartAsync();

        await app.DbAsync(db =>
        {
            var statuses = db.Model.FindEntityType(typeof(Status))!;
            Assert.Equal("statuses", statuses.GetTableName());
            Assert.Equal("in_reply_to_account_id", statuses.FindProperty(nameof(Status.InReplyToAccountId))!.GetColumnName());
            Assert.Equal("home_feed", db.Model.FindEntityType(typeof(HomeFeedEntry))!.GetTableName());
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_local_account_with_the_same_name()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();

        await Assert.ThrowsAsync<DbUpdateException>(() => app.DbAsync(async db =>
        {
            db.Accounts.Add(new Account { Id = world.Id("alice") + 1, Username = "ALICE", UsernameNormalized = "alice" });
            await db.SaveChangesAsync();
        }));
        // The same name on another server is someone else.
        await app.DbAsync(async db =>
        {
            db.Accounts.Add(new Account { Id = world.Id("alice") + 2, Username = "alice", UsernameNormalized = "alice", Domain = "elsewhere.example" });
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Foreign_keys_are_enforced()
    {
        var app = await StartAsync();

        await Assert.ThrowsAsync<DbUpdateException>(() => app.DbAsync(async db =>
        {
            db.Follows.Add(new Follow { Id = 1, AccountId = 404, TargetAccountId = 405 });
            await db.SaveChangesAsync();
        }));
    }

    public sealed class Sqlite() : MigrationTests(TestDatabase.Sqlite)
    {
        [Fact]
        public async Task The_sqlite_file_is_in_write_ahead_log_mode()
        {
            var app = await StartAsync();

            await using var connection = new SqliteConnection($"Data Source={app.Storage.SqliteFile}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";

            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        }

        [Fact]
        public async Task The_servers_connections_wait_for_a_busy_writer_inside_sqlite_for_the_command_timeout()
        {
            var app = await StartAsync();

            var busyTimeout = await app.DbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                try
                {
                    await using var command = db.Database.GetDbConnection().CreateCommand();
                    command.CommandText = "PRAGMA busy_timeout;";
                    return (long)(await command.ExecuteScalarAsync())!;
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            });

            Assert.Equal(30_000, busyTimeout);
        }
    }

    public sealed class Postgres() : MigrationTests(TestDatabase.Postgres);
}
