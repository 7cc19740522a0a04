using Starling.Server.Hosting;

namespace Starling.Bench.Seeding;

/// <summary>
/// The server's own service graph, built in the benchmark's process over the data the measured server will use, and
/// migrated: what the seeders write through. Its job workers stay off, so nothing runs but the seeding.
/// </summary>
public static class SeedingApp
{
    public static async Task<WebApplication> OpenAsync(BenchSettings settings, string dataDirectory, string publicUrl)
    {
        var configuration = new List<string>
        {
            $"--Starling:DataDirectory={dataDirectory}",
            $"--Starling:PublicUrl={publicUrl}",
            $"--Starling:Database:Provider={settings.Provider}",
            "--Starling:Jobs:RunWorkers=false",
            // Quiet: the first migration looks for a history table that is not there yet, and EF Core logs that as a failure.
            "--Logging:LogLevel:Default=Error",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=None",
        };
        if (settings.ConnectionString is { } connectionString)
        {
            configuration.Add($"--Starling:Database:ConnectionString={connectionString}");
        }
        var app = Cli.BuildApp([.. configuration]);
        try
        {
            await DatabaseSetup.MigrateAsync(app.Services);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
