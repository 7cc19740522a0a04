using Microsoft.EntityFrameworkCore;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Jobs;

namespace Starling.Server.Data;

/// <summary>
/// The one database context. Provider-specific subclasses exist only so each provider keeps its own migrations.
/// SaveChanges first dispatches the domain events raised by the use case, so their consequences
/// (notifications, jobs) commit in the same transaction as the change itself.
/// </summary>
public abstract class AppDbContext(DbContextOptions options, IServiceProvider services) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Status> Statuses => Set<Status>();
    public DbSet<StatusEdit> StatusEdits => Set<StatusEdit>();
    public DbSet<Mention> Mentions => Set<Mention>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<StatusTag> StatusTags => Set<StatusTag>();
    public DbSet<TagFollow> TagFollows => Set<TagFollow>();
    public DbSet<Favourite> Favourites => Set<Favourite>();
    public DbSet<Bookmark> Bookmarks => Set<Bookmark>();
    public DbSet<StatusPin> StatusPins => Set<StatusPin>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<FollowRequest> FollowRequests => Set<FollowRequest>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<Mute> Mutes => Set<Mute>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Marker> Markers => Set<Marker>();
    public DbSet<HomeFeedEntry> HomeFeed => Set<HomeFeedEntry>();
    public DbSet<Filter> Filters => Set<Filter>();
    public DbSet<FilterKeyword> FilterKeywords => Set<FilterKeyword>();
    public DbSet<FilterStatus> FilterStatuses => Set<FilterStatus>();
    public DbSet<MediaAttachment> MediaAttachments => Set<MediaAttachment>();
    public DbSet<UserList> Lists => Set<UserList>();
    public DbSet<ListMember> ListMembers => Set<ListMember>();
    public DbSet<DirectConversation> DirectConversations => Set<DirectConversation>();
    public DbSet<DirectConversationStatus> DirectConversationStatuses => Set<DirectConversationStatus>();
    public DbSet<OAuthApplication> OAuthApplications => Set<OAuthApplication>();
    public DbSet<OAuthAuthorization> OAuthAuthorizations => Set<OAuthAuthorization>();
    public DbSet<OAuthToken> OAuthTokens => Set<OAuthToken>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<Poll> Polls => Set<Poll>();
    public DbSet<PollVote> PollVotes => Set<PollVote>();
    public DbSet<ConversationMute> ConversationMutes => Set<ConversationMute>();
    public DbSet<ScheduledStatus> ScheduledStatuses => Set<ScheduledStatus>();
    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();
    public DbSet<AccountKey> AccountKeys => Set<AccountKey>();
    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();
    public DbSet<OutboxActivity> OutboxActivities => Set<OutboxActivity>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<RemoteInstance> RemoteInstances => Set<RemoteInstance>();
    public DbSet<ReceivedActivity> ReceivedActivities => Set<ReceivedActivity>();
    public DbSet<DomainBlock> DomainBlocks => Set<DomainBlock>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<Tombstone> Tombstones => Set<Tombstone>();

    public abstract DatabaseKind Kind { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var dispatcher = services.GetService<DomainEventDispatcher>();
        if (dispatcher is not null)
        {
            await dispatcher.DispatchPendingAsync(cancellationToken);
        }
        // Also notes new jobs, so the job worker is woken once they are committed rather than polled for.
        CommittedChanges.CaptureBeforeSave(this);
        int written;
        try
        {
            written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch
        {
            CommittedChanges.Discard();
            throw;
        }
        if (Database.CurrentTransaction is null)
        {
            await CommittedChanges.PublishAsync(cancellationToken);
        }
        return written;
    }

    internal CommittedChangesTracker CommittedChanges => _committedChanges ??= new CommittedChangesTracker(services);

    private CommittedChangesTracker? _committedChanges;

    /// <summary>
    /// Tells observers about rows a bulk statement (ExecuteUpdate/ExecuteDelete) wrote, which the change tracker never
    /// sees: pass stand-in entities carrying the keys it touched. Published now, or when the open transaction commits.
    /// </summary>
    public ValueTask RecordBulkChangeAsync(params object[] standIns)
    {
        CommittedChanges.Record(standIns);
        return Database.CurrentTransaction is null ? CommittedChanges.PublishAsync(CancellationToken.None) : ValueTask.CompletedTask;
    }

    /// <summary>As <see cref="RecordBulkChangeAsync"/>, for a write too broad to describe.</summary>
    public ValueTask RecordSweepingChangeAsync()
    {
        CommittedChanges.RecordEverything();
        return Database.CurrentTransaction is null ? CommittedChanges.PublishAsync(CancellationToken.None) : ValueTask.CompletedTask;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync so domain events are dispatched.");
}

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, IServiceProvider services)
    : AppDbContext(options, services)
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, IServiceProvider services)
    : AppDbContext(options, services)
{
    public override DatabaseKind Kind => DatabaseKind.Postgres;
}
