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
        if (options.OAuth.TokenCacheSeconds is < 0 or > 3600)
        {
            errors.Add($"Starling:OAuth:TokenCacheSeconds must be between 0 and 3600 (got {options.OAuth.TokenCacheSeconds}).");
        }
        foreach (var (limitName, limit) in options.RateLimits.All)
        {
            if (limit.Requests is < 1 or > 1_000_000)
            {
                errors.Add($"Starling:RateLimits:{limitName}:Requests must be between 1 and 1000000 (got {limit.Requests}).");
            }
            if (limit.WindowSeconds is < 1 or > 86_400)
            {
                errors.Add($"Starling:RateLimits:{limitName}:WindowSeconds must be between 1 and 86400 (got {limit.WindowSeconds}).");
            }
        }
        if (options.Media.MaxUploadBytes is < MediaOptions.SmallestUploadLimit or > MediaOptions.LargestUploadLimit)
        {
            errors.Add($"Starling:Media:MaxUploadBytes must be between {MediaOptions.SmallestUploadLimit} and {MediaOptions.LargestUploadLimit} (got {options.Media.MaxUploadBytes}).");
        }
        if (options.Media.MaxVideoBytes is < MediaOptions.SmallestUploadLimit or > MediaOptions.LargestUploadLimit)
        {
            errors.Add($"Starling:Media:MaxVideoBytes must be between {MediaOptions.SmallestUploadLimit} and {MediaOptions.LargestUploadLimit} (got {options.Media.MaxVideoBytes}).");
        }
        if (options.Media.ProcessingConcurrency is < 1 or > 64)
        {
            errors.Add($"Starling:Media:ProcessingConcurrency must be between 1 and 64 (got {options.Media.ProcessingConcurrency}).");
        }
        if (options.Media.MaxImagePixels < 1 || options.Media.MaxStoredImagePixels < 1 || options.Media.MaxVideoPixels < 1 || options.Media.MaxVideoFrames < 1
            || options.Media.MaxVideoFrameRate <= 0)
        {
            errors.Add("Starling:Media:MaxImagePixels, MaxStoredImagePixels, MaxVideoPixels, MaxVideoFrames and MaxVideoFrameRate must be positive.");
        }
        if (options.Media.RemoteFetchTimeoutSeconds is < 1 or > MediaOptions.LongestRemoteFetchTimeoutSeconds)
        {
            errors.Add($"Starling:Media:RemoteFetchTimeoutSeconds must be between 1 and {MediaOptions.LongestRemoteFetchTimeoutSeconds} (got {options.Media.RemoteFetchTimeoutSeconds}).");
        }
        if (options.Media.RemoteFetchIdleSeconds is < 1 or > MediaOptions.LongestRemoteFetchTimeoutSeconds)
        {
            errors.Add($"Starling:Media:RemoteFetchIdleSeconds must be between 1 and {MediaOptions.LongestRemoteFetchTimeoutSeconds} (got {options.Media.RemoteFetchIdleSeconds}).");
        }
        if (options.Streaming.HeartbeatSeconds is < 1 or > 3600)
        {
            errors.Add($"Starling:Streaming:HeartbeatSeconds must be between 1 and 3600 (got {options.Streaming.HeartbeatSeconds}).");
        }
        if (options.Streaming.QueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"Starling:Streaming:QueueCapacity must be between 1 and 1000000 (got {options.Streaming.QueueCapacity}).");
        }
        if (options.Streaming.ClientBufferEvents is < 1 or > 100_000)
        {
            errors.Add($"Starling:Streaming:ClientBufferEvents must be between 1 and 100000 (got {options.Streaming.ClientBufferEvents}).");
        }
        if (!string.IsNullOrEmpty(options.SourceUrl) && !Uri.TryCreate(options.SourceUrl, UriKind.Absolute, out _))
        {
            errors.Add($"Starling:SourceUrl must be an absolute URL (got '{options.SourceUrl}').");
        }
        errors.AddRange(FederationOptions.Validate(options));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
