namespace Starling.Server.Infrastructure.Http;

public static class FederationHttpSetup
{
    /// <summary>
    /// The outbound client for other servers. <see cref="FederationHttpHandlerFactory"/> is its own service so that
    /// tests can register another (one routing requests between servers in the same process) after this.
    /// </summary>
    public static IServiceCollection AddFederationHttp(this IServiceCollection services)
    {
        services.AddSingleton<FederationHttpHandlerFactory>();
        services.AddSingleton<FederationHttpClient>();
        return services;
    }
}
