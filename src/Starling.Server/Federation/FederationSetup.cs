using Microsoft.AspNetCore.Routing.Matching;
using Starling.Server.Api.ActivityPub;
using Starling.Server.Api.WellKnown;
using Starling.Server.Features.Events;
using Starling.Server.Federation.Outbox;
using Starling.Server.Federation.Outbox.Builders;
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

        // Domain -> ActivityStreams: pure builders, and the loaders that gather what they need.
        services.AddSingleton<StatusAddressing>();
        services.AddSingleton<ActorBuilder>();
        services.AddSingleton<ActorActivityBuilder>();
        services.AddSingleton<NoteBuilder>();
        services.AddSingleton<StatusActivityBuilder>();
        services.AddSingleton<TombstoneBuilder>();
        services.AddScoped<ActorDocumentLoader>();
        services.AddScoped<StatusDocumentLoader>();

        // What other servers fetch from us.
        services.AddSingleton<NodeInfoStatistics>();
        services.AddScoped<PublishedAccounts>();
        services.AddScoped<PublishedStatuses>();
        services.AddSingleton<MatcherPolicy, ActivityStreamsMatcherPolicy>();
        return services;
    }
}
