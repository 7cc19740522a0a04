using Starling.Server.Data;

namespace Starling.Server.Api.Streaming;

/// <summary>The streaming API's services: the hub, the commit observer feeding it, and the background dispatcher.</summary>
public static class StreamingSetup
{
    public static IServiceCollection AddStreaming(this IServiceCollection services)
    {
        services.AddSingleton<StreamingHub>();
        services.AddSingleton<StreamingChangeFeed>();
        services.AddSingleton<ICommittedChangesObserver>(sp => sp.GetRequiredService<StreamingChangeFeed>());
        services.AddScoped<StreamEventRouter>();
        // Always on, unlike the job workers: it only reads, and tests wait for its events like any client.
        services.AddHostedService<StreamingDispatcher>();
        return services;
    }
}
