using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Starling.Server.Data;

namespace Starling.Server.Hosting;

// Used only by `dotnet ef migrations add`: each provider's migrations are generated from its own context.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design.db").UseSnakeCaseNamingConvention().Options,
            new ServiceCollection().BuildServiceProvider());
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design").UseSnakeCaseNamingConvention().Options,
            new ServiceCollection().BuildServiceProvider());
}
