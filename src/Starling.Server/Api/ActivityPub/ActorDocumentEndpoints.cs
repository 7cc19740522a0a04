using Starling.ActivityPub.Vocabulary;
using Starling.Server.Federation.Outbox;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Federation.Security;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.ActivityPub;

/// <summary>The actors: every local account's, and the server's own.</summary>
public static class ActorDocumentEndpoints
{
    public static RouteGroupBuilder MapActorDocuments(this RouteGroupBuilder documents)
    {
        documents.MapGet("/users/{username}", ActorAsync)
            .WithMetadata(new BrowserPageMetadata((route, urls) => urls.Profile(route.Username())));
        documents.MapGet("/@{username}", ActorAsync)
            .WithMetadata(ActivityStreamsAlternateMetadata.Instance);
        documents.MapGet("/actor", InstanceActorAsync).AllowUnsignedFetch();
        // The instance actor publishes nothing; its outbox exists because actors must have one.
        documents.MapGet("/actor/outbox", (LocalUrls urls) => ActivityStreamsResults.Document(new OrderedCollection { Id = urls.InstanceActorOutbox, TotalItems = 0 }))
            .AllowUnsignedFetch();
        return documents;
    }

    private static async Task<IResult> ActorAsync(string username, PublishedAccounts accounts, ActorDocumentLoader loader, ActorBuilder builder, CancellationToken cancellationToken)
    {
        var (account, refusal) = await accounts.FindAsync(username, cancellationToken);
        if (account is null)
        {
            return refusal!;
        }
        return ActivityStreamsResults.Document(builder.Build(await loader.LoadAsync(account, cancellationToken)));
    }

    private static async Task<IResult> InstanceActorAsync(AccountKeys keys, ActorBuilder builder, CancellationToken cancellationToken) =>
        ActivityStreamsResults.Document(builder.BuildInstanceActor(await keys.ForInstanceActorAsync(cancellationToken)));
}
