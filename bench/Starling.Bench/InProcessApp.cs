using Starling.Server.Hosting;

namespace Starling.Bench;

/// <summary>
/// The server's own service graph, built in the benchmark's process over the data the measured server uses: what the
/// seeders write through and the <c>queries</c> verb times. Its job workers stay off, so nothing runs but the caller.
/// </summary>
public static class InProcessApp
{
    /// <param name="settings">Provider and connection string.</param>
    /// <param name="overrides">More settings as <c>--Key=value</c>, after the defaults, so they win (log levels, say).</param>
    public static WebApplication Build(BenchSettings settings, string dataDirectory, string publicUrl, params string[] overrides)
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
        return Cli.BuildApp([.. configuration, .. overrides]);
    }

    /// <summary>As <see cref="Build"/>, with the database migrated: for seeding an empty one.</summary>
    public static async Task<WebApplication> OpenAsync(BenchSettings settings, string dataDirectory, string publicUrl)
    {
        var app = Build(settings, dataDirectory, publicUrl);
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
