using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Starling.Server.Hosting;

/// <summary>
/// `dotnet run --project src/Starling.Server` starts the program in the caller's folder, where no appsettings.json is.
/// Then the one built beside the program is read instead, as the lowest-priority source, so environment variables
/// and arguments still win and the defaults (quiet database logs) hold wherever Starling is started from.
/// </summary>
internal static class ShippedSettings
{
    private const string FileName = "appsettings.json";

    public static void AddWhenMissing(WebApplicationBuilder builder)
    {
        var programDirectory = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, FileName)) || !File.Exists(Path.Combine(programDirectory, FileName)))
        {
            return;
        }
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = FileName,
            Optional = true,
            FileProvider = new PhysicalFileProvider(programDirectory),
        });
    }
}
