using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Starling.Server.Api;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Features.Conversations;
using Starling.Server.Features.Events;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Lists;
using Starling.Server.Features.Markers;
using Starling.Server.Data;
using Starling.Server.Features.Media;
using Starling.Server.Features.Moderation;
using Starling.Server.Features.Notifications;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Search;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Statuses.Scheduling;
using Starling.Server.Features.Tags;
using Starling.Server.Features.Timelines;
using Starling.Server.Features.Trends;
using Starling.Server.Federation;
using Starling.Server.Infrastructure;
using Starling.Server.Infrastructure.Caching;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Infrastructure.Storage;
using Starling.Server.Jobs;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Hosting;

/// <summary>The whole service graph, feature by feature, in one readable place.</summary>
public static class ServiceRegistration
{
    public static WebApplicationBuilder AddStarling(this WebApplicationBuilder builder)
    {
        var options = StarlingConfiguration.Load(builder.Configuration);
        var services = builder.Services;
        // Serves wwwroot's build-time compressed copies when running from the build output in any environment
        // (dotnet run, tests); a published app has no such manifest and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        services.AddOptions<StarlingOptions>().Bind(builder.Configuration.GetSection(StarlingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StarlingOptions>, StarlingOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        // Cookie and anti-forgery keys survive restarts by living beside the database.
        services.AddDataProtection().SetApplicationName("Starling")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(options.DataDirectory), "keys")));

        services.AddStarlingDatabase(options)
            .AddInfrastructure()
            .AddTrustedProxies(options)
            .AddFederationHttp()
            .AddJobs(options)
            .AddAccounts()
            .AddStatuses()
            .AddRelationships()
            .AddTimelines()
            .AddLists()
            .AddConversations()
            .AddNotifications()
            .AddTags()
            .AddFilters()
            .AddMedia(options)
            .AddSearchAndTrends()
            .AddModeration()
            .AddFederation(options)
            .AddApiEntities()
            .AddResponseCaches()
            .AddWebUi()
            .AddApi(options);
        return builder;
    }

    private static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        services.AddSingleton<IdGenerator>();
        services.AddSingleton<LocalUrls>();
        services.AddScoped<DomainEventCollector>();
        services.AddScoped<DomainEventDispatcher>();
        services.AddScoped<ContentFormatter>();
        return services;
    }

    private static IServiceCollection AddJobs(this IServiceCollection services, StarlingOptions options)
    {
        services.AddSingleton<JobSignal>();
        services.AddSingleton(sp =>
        {
            var registry = new JobRegistry();
            foreach (var register in sp.GetRequiredService<IOptions<JobRegistryOptions>>().Value.Registrations)
            {
                register(registry);
            }
            return registry;
        });
        services.AddSingleton<JobRunner>();
        services.AddScoped<JobQueue>();
        services.AddScoped<JobAdministration>();
        if (options.Jobs.RunWorkers)
        {
            services.AddHostedService<JobWorker>();
        }
        return services;
    }

    private static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<RegisterAccount>();
        services.AddScoped<SignIn>();
        services.AddScoped<UpdateProfile>();
        services.AddScoped<AdministerAccount>();
        services.AddScoped<DeleteRemoteAccount>();
        services.AddScoped<ReceiveAccountMove>();
        services.AddScoped<MoveAccount>();
        services.AddJob<MoveFollowersJob, MoveFollowersJobHandler>();
        services.AddScoped<AccountQueries>();
        services.AddScoped<AccountSearch>();
        return services;
    }

    private static IServiceCollection AddStatuses(this IServiceCollection services)
    {
        services.AddScoped<StatusAccess>();
        services.AddScoped<StatusLoader>();
        services.AddScoped<StatusComposer>();
        services.AddScoped<CreateStatus>();
        services.AddScoped<EditStatus>();
        services.AddScoped<DeleteStatus>();
        services.AddScoped<ReceiveRemoteStatus>();
        services.AddScoped<FavouriteStatus>();
        services.AddScoped<ReblogStatus>();
        services.AddScoped<BookmarkStatus>();
        services.AddScoped<PinStatus>();
        services.AddScoped<MuteConversation>();
        services.AddScoped<IdempotencyKeys>();
        services.AddScoped<StatusInteractionQueries>();
        services.AddScoped<ScheduleStatus>();
        services.AddScoped<ScheduledStatusQueries>();
        services.AddJob<PublishScheduledStatusJob, PublishScheduledStatusJobHandler>();
        services.AddScoped<VotePoll>();
        services.AddScoped<PollEventHandlers>();
        services.AddScoped<IDomainEventHandler<StatusCreated>>(sp => sp.GetRequiredService<PollEventHandlers>());
        services.AddScoped<IDomainEventHandler<StatusEdited>>(sp => sp.GetRequiredService<PollEventHandlers>());
        services.AddJob<PollExpiredJob, PollExpiredJobHandler>();
        return services;
    }

    private static IServiceCollection AddRelationships(this IServiceCollection services)
    {
        services.AddScoped<RelationshipGuard>();
        services.AddScoped<FollowAccount>();
        services.AddScoped<AnswerFollowRequest>();
        services.AddScoped<BlockAccount>();
        services.AddScoped<MuteAccount>();
        services.AddScoped<RelationshipQueries>();
        return services;
    }

    private static IServiceCollection AddTimelines(this IServiceCollection services)
    {
        services.AddScoped<TimelineQueries>();
        services.AddScoped<ThreadQueries>();
        services.AddScoped<LiveTimelines>();
        services.AddScoped<HomeFeedAudience>();
        services.AddScoped<HomeFeedEventHandlers>();
        services.AddScoped<IDomainEventHandler<StatusCreated>>(sp => sp.GetRequiredService<HomeFeedEventHandlers>());
        services.AddScoped<IDomainEventHandler<AccountFollowed>>(sp => sp.GetRequiredService<HomeFeedEventHandlers>());
        services.AddScoped<IDomainEventHandler<AccountUnfollowed>>(sp => sp.GetRequiredService<HomeFeedEventHandlers>());
        services.AddJob<FanOutStatusJob, FanOutStatusJobHandler>();
        services.AddJob<BackfillHomeFeedJob, BackfillHomeFeedJobHandler>();
        services.AddJob<PruneHomeFeedJob, PruneHomeFeedJobHandler>();
        return services;
    }

    private static IServiceCollection AddLists(this IServiceCollection services)
    {
        services.AddScoped<ListQueries>();
        services.AddScoped<ManageLists>();
        return services;
    }

    private static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddScoped<ConversationQueries>();
        services.AddScoped<ManageConversations>();
        services.AddScoped<IDomainEventHandler<StatusCreated>, DirectConversationEventHandlers>();
        services.AddJob<FileDirectMessageJob, FileDirectMessageJobHandler>();
        return services;
    }

    private static IServiceCollection AddTags(this IServiceCollection services)
    {
        services.AddScoped<TagQueries>();
        services.AddScoped<FollowedTags>();
        services.AddScoped<FollowTag>();
        return services;
    }

    private static IServiceCollection AddFilters(this IServiceCollection services)
    {
        services.AddScoped<FilterQueries>();
        services.AddScoped<ManageFilters>();
        services.AddScoped<ManageFilterKeywords>();
        services.AddScoped<ManageFilterStatuses>();
        services.AddScoped<FilterMatcher>();
        return services;
    }

    private static IServiceCollection AddMedia(this IServiceCollection services, StarlingOptions options)
    {
        if (options.Jobs.RunWorkers)
        {
            services.AddHostedService<MediaProcessingWorker>();
            services.AddHostedService<MediaCleanupWorker>();
        }
        services.AddSingleton<IMediaStorage, LocalMediaStorage>();
        services.AddSingleton<ImageProcessor>();
        services.AddSingleton<AudioVideoProcessor>();
        services.AddSingleton<MediaProcessor>();
        services.AddSingleton<MediaProcessingSignal>();
        services.AddSingleton<ICommittedChangesObserver>(sp => sp.GetRequiredService<MediaProcessingSignal>());
        services.AddScoped<MediaFiles>();
        services.AddScoped<MediaAttachments>();
        services.AddScoped<ProcessWaitingMedia>();
        services.AddScoped<AccountPictures>();
        services.AddScoped<RemoteMediaFetcher>();
        services.AddScoped<RemoteAccountPictures>();
        services.AddJob<CacheRemoteAccountPicturesJob, CacheRemoteAccountPicturesJobHandler>();
        services.AddScoped<MediaCleanup>();
        return services;
    }

    private static IServiceCollection AddSearchAndTrends(this IServiceCollection services)
    {
        services.AddScoped<SearchQueries>();
        services.AddScoped<TrendQueries>();
        return services;
    }

    /// <summary>Domain to Mastodon entity renderers: stateless, so one of each serves every request.</summary>
    private static IServiceCollection AddApiEntities(this IServiceCollection services)
    {
        services.AddSingleton<AccountRenderer>();
        services.AddSingleton<TagRenderer>();
        services.AddSingleton<FilterRenderer>();
        services.AddSingleton<MediaAttachmentRenderer>();
        services.AddSingleton<StatusRenderer>();
        services.AddScoped<StatusPresenter>();
        services.AddSingleton<NotificationRenderer>();
        services.AddSingleton<RelationshipRenderer>();
        services.AddSingleton<MarkerRenderer>();
        services.AddSingleton<ConversationRenderer>();
        services.AddSingleton<PollRenderer>();
        services.AddSingleton<ScheduledStatusRenderer>();
        services.AddSingleton<ListRenderer>();
        return services;
    }

    private static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddScoped<NotificationQueries>();
        services.AddScoped<DismissNotifications>();
        services.AddScoped<TimelineMarkers>();
        services.AddScoped<NotificationEventHandlers>();
        services.AddScoped<IDomainEventHandler<StatusCreated>>(sp => sp.GetRequiredService<NotificationEventHandlers>());
        services.AddScoped<IDomainEventHandler<StatusFavourited>>(sp => sp.GetRequiredService<NotificationEventHandlers>());
        services.AddScoped<IDomainEventHandler<StatusReblogged>>(sp => sp.GetRequiredService<NotificationEventHandlers>());
        services.AddScoped<IDomainEventHandler<AccountFollowed>>(sp => sp.GetRequiredService<NotificationEventHandlers>());
        services.AddScoped<IDomainEventHandler<FollowRequested>>(sp => sp.GetRequiredService<NotificationEventHandlers>());
        services.AddJob<NotifyJob, NotifyJobHandler>();
        return services;
    }
}
