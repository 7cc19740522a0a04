using Microsoft.AspNetCore.OutputCaching;
using Starling.Server.Data;

namespace Starling.Server.Infrastructure.Caching;

/// <summary>
/// The one store of cached responses (web pages and API timelines) and the commit observer that evicts from it, shared
/// by both edges so that a write made through either refreshes what both show.
/// </summary>
public static class CachingSetup
{
    public static IServiceCollection AddResponseCaches(this IServiceCollection services)
    {
        services.AddSingleton<ResponseCacheEviction>();
        services.AddSingleton<ICommittedChangesObserver>(sp => sp.GetRequiredService<ResponseCacheEviction>());
        services.AddOutputCache(cache => cache.SizeLimit = 64L * 1024 * 1024);
        return services;
    }
}
