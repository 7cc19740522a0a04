using Starling.Server.Api.WellKnown;
using Starling.Server.Features.Events;
using Starling.Server.Federation.Deliveries;
using Starling.Server.Federation.Outbox;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Federation.Security;
using Starling.Server.Jobs;
using Starling.Server.Options;

namespace Starling.Server.Federation;

/// <summary>The services that speak ActivityPub with other servers.</summary>
public static class FederationSetup
{
    public static IServiceCollection AddFederation(this IServiceCollection services, StarlingOptions options)
    {
        services.AddSingleton<AccountKeyGenerator>();
        services.AddScoped<AccountKeys>();
        services.AddScoped<IDomainEventHandler<AccountCreated>>(sp => sp.GetRequiredService<AccountKeys>());
        return services
            .AddDocuments()
            .AddOutbox()
            .AddDelivery(options);
    }

    private static IServiceCollection AddDocuments(this IServiceCollection services)
    {
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
        return services;
    }

    private static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddSingleton<InteractionActivityBuilder>();
        services.AddScoped<ActivityOutbox>();
        services.AddScoped<OutboxEventHandlers>();
        services.AddScoped<IDomainEventHandler<StatusDeleted>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<StatusFavourited>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<StatusUnfavourited>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<FollowRequested>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<AccountFollowed>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<FollowRequestRejected>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<FollowRequestWithdrawn>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<AccountUnfollowed>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<AccountBlocked>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<AccountUnblocked>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<AccountDeleted>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<PollVoted>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<StatusPinned>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        services.AddScoped<IDomainEventHandler<StatusUnpinned>>(sp => sp.GetRequiredService<OutboxEventHandlers>());
        return services;
    }

    private static IServiceCollection AddDelivery(this IServiceCollection services, StarlingOptions options)
    {
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<InstanceHealth>();
        services.AddSingleton<DeliveryRunner>();
        services.AddJob<ExpandDeliveriesJob, ExpandDeliveriesJobHandler>();
        if (options.Jobs.RunWorkers)
        {
            services.AddHostedService<DeliveryWorker>();
        }
        return services;
    }
}
