using Microsoft.Extensions.Options;

namespace Starling.Server.Options;

/// <summary>Checks what data annotations cannot express; every message names the configuration key.</summary>
public sealed class StarlingOptionsValidator : IValidateOptions<StarlingOptions>
{
    public ValidateOptionsResult Validate(string? name, StarlingOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https")
            || url.AbsolutePath != "/" || !string.IsNullOrEmpty(url.Query))
        {
            errors.Add($"Starling:PublicUrl must be an absolute http(s) URL without a path, such as https://social.example (got '{options.PublicUrl}').");
        }
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Starling:DataDirectory must not be empty.");
        }
        if (options.Database.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            errors.Add("Starling:Database:ConnectionString is required when Starling:Database:Provider is 'postgres'.");
        }
        if (options.MaxStatusCharacters is < 1 or > 100_000)
        {
            errors.Add($"Starling:MaxStatusCharacters must be between 1 and 100000 (got {options.MaxStatusCharacters}).");
        }
        if (options.Jobs.Concurrency is < 1 or > 64)
        {
            errors.Add($"Starling:Jobs:Concurrency must be between 1 and 64 (got {options.Jobs.Concurrency}).");
        }
        if (options.Jobs.MaxAttempts is < 1 or > 100)
        {
            errors.Add($"Starling:Jobs:MaxAttempts must be between 1 and 100 (got {options.Jobs.MaxAttempts}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
