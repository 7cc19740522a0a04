using Microsoft.Extensions.Options;
using Starling.Server.Options;

namespace Starling.Server.Hosting;

/// <summary>A configuration value that stops the server from starting; the message names the key.</summary>
public sealed class StarlingConfigurationException(string message) : Exception(message);

public static class StarlingConfiguration
{
    /// <summary>Binds and validates the Starling section before anything is built, so a wrong value fails fast and clearly.</summary>
    public static StarlingOptions Load(IConfiguration configuration)
    {
        StarlingOptions options;
        try
        {
            options = configuration.GetSection(StarlingOptions.Section).Get<StarlingOptions>() ?? new StarlingOptions();
        }
        catch (InvalidOperationException exception)
        {
            // The binder's message names the key ("Failed to convert configuration value at 'Starling:...'").
            throw new StarlingConfigurationException(exception.Message + AllowedValuesHint(exception.Message));
        }
        var result = new StarlingOptionsValidator().Validate(null, options);
        var blocks = new ConfiguredDomainBlocksValidator().Validate(null, ConfiguredDomainBlocks.Read(configuration));
        if (result.Failed || blocks.Failed)
        {
            throw new StarlingConfigurationException(string.Join(Environment.NewLine, (result.Failures ?? []).Concat(blocks.Failures ?? [])));
        }
        return options;
    }

    private static string AllowedValuesHint(string message) => message switch
    {
        _ when message.Contains("Starling:Database:Provider", StringComparison.Ordinal) => " Allowed: sqlite, postgres.",
        _ when message.Contains("Starling:Registrations", StringComparison.Ordinal) => " Allowed: open, approval, closed.",
        _ => "",
    };
}
