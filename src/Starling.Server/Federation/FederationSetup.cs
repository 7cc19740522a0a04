using Starling.Server.Features.Events;
using Starling.Server.Federation.Security;

namespace Starling.Server.Federation;

/// <summary>The services that speak ActivityPub with other servers.</summary>
public static class FederationSetup
{
    public static IServiceCollection AddFederation(this IServiceCollection services)
    {
        services.AddSingleton<AccountKeyGenerator>();
        services.AddScoped<AccountKeys>();
        services.AddScoped<IDomainEventHandler<AccountCreated>>(sp => sp.GetRequiredService<AccountKeys>());
        return services;
    }
}
