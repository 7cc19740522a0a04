using Microsoft.AspNetCore.Routing.Matching;
using Starling.Server.Api.ActivityPub;
using Starling.Server.Api.WellKnown;
using Starling.Server.Data;
using Starling.Server.Features.Events;
using Starling.ActivityPub.Signatures;
using Starling.Server.Federation.Deliveries;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Inbox;
using Starling.Server.Federation.Inbox.Handlers;
using Starling.Server.Federation.Mapping;
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
            .AddDelivery(options)
            .AddDereferencing()
            .AddInbox(options)
            .AddInboxHandlers();
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
        services.AddScoped<PublishedAccounts>();
        services.AddScoped<PublishedStatuses>();
        services.AddSingleton<MatcherPolicy, ActivityStreamsMatcherPolicy>();
        return services;
    }

    private static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddSingleton<InteractionActivityBuilder>();
        services.AddScoped<ActivityOutbox>();
        services.AddScoped<OutboxEventHandlers>();
        // Every event the outbox handles is registered from its declaration, so a handler written there cannot go unheard.
        foreach (var handler in typeof(OutboxEventHandlers).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDomainEventHandler<>)))
        {
            services.AddScoped(handler, sp => sp.GetRequiredService<OutboxEventHandlers>());
        }
        return services;
    }

    private static IServiceCollection AddDelivery(this IServiceCollection services, StarlingOptions options)
    {
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<InstanceHealth>();
        services.AddSingleton<DeliveryRunner>();
        services.AddJob<ExpandDeliveriesJob, ExpandDeliveriesJobHandler>();
        services.AddJob<PublishStatusJob, PublishStatusJobHandler>();
        services.AddJob<PublishProfileJob, PublishProfileJobHandler>();
        services.AddJob<ForwardReportJob, ForwardReportJobHandler>();
        if (options.Jobs.RunWorkers)
        {
            services.AddHostedService<DeliveryWorker>();
        }
        return services;
    }

    private static IServiceCollection AddDereferencing(this IServiceCollection services)
    {
        services.AddSingleton<ActorMapper>();
        services.AddSingleton<RemoteObjectFetcher>();
        services.AddSingleton<IRemoteObjectFetcher>(sp => sp.GetRequiredService<RemoteObjectFetcher>());
        services.AddSingleton<RemoteAccountResolver>();
        services.AddSingleton<IRemoteAccountResolver>(sp => sp.GetRequiredService<RemoteAccountResolver>());
        services.AddScoped<RemoteSearch>();
        return services;
    }

    private static IServiceCollection AddInbox(this IServiceCollection services, StarlingOptions options)
    {
        services.AddSingleton(sp => new HttpSignatureVerifier(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SignedRequestVerifier>();
        services.AddSingleton<SigningKeyCache>();
        services.AddSingleton<ICommittedChangesObserver>(sp => sp.GetRequiredService<SigningKeyCache>());
        services.AddScoped<InboxReceiver>();
        services.AddJob<ProcessInboxActivityJob, ProcessInboxActivityJobHandler>();
        services.AddSingleton<ReceivedActivityPruner>();
        if (options.Jobs.RunWorkers)
        {
            services.AddHostedService(sp => sp.GetRequiredService<ReceivedActivityPruner>());
        }
        return services;
    }

    /// <summary>One handler per activity type, found by the type's name, and what they share.</summary>
    private static IServiceCollection AddInboxHandlers(this IServiceCollection services)
    {
        services.AddScoped<LocalObjects>();
        services.AddScoped<NoteMapper>();
        services.AddScoped<RemoteStatusResolver>();
        services.AddScoped<IRemoteStatusResolver>(sp => sp.GetRequiredService<RemoteStatusResolver>());
        services.AddScoped<InboxObjects>();
        services.AddScoped<FeaturedCollection>();
        services.AddKeyedScoped<IInboxHandler, CreateHandler>("Create");
        services.AddKeyedScoped<IInboxHandler, UpdateHandler>("Update");
        services.AddKeyedScoped<IInboxHandler, DeleteHandler>("Delete");
        services.AddKeyedScoped<IInboxHandler, FollowHandler>("Follow");
        services.AddKeyedScoped<IInboxHandler, AcceptHandler>("Accept");
        services.AddKeyedScoped<IInboxHandler, RejectHandler>("Reject");
        services.AddKeyedScoped<IInboxHandler, UndoHandler>("Undo");
        services.AddKeyedScoped<IInboxHandler, AnnounceHandler>("Announce");
        services.AddKeyedScoped<IInboxHandler, LikeHandler>("Like");
        services.AddKeyedScoped<IInboxHandler, EmojiReactHandler>("EmojiReact");
        services.AddKeyedScoped<IInboxHandler, BlockHandler>("Block");
        services.AddKeyedScoped<IInboxHandler, FlagHandler>("Flag");
        services.AddKeyedScoped<IInboxHandler, MoveHandler>("Move");
        services.AddKeyedScoped<IInboxHandler, AddHandler>("Add");
        services.AddKeyedScoped<IInboxHandler, RemoveHandler>("Remove");
        return services;
    }
}
