using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>A favourite of a local post (with or without Misskey's reaction in its content).</summary>
public sealed class LikeHandler(InboxObjects objects, FavouriteStatus favourites, ILogger<LikeHandler> logger)
    : FavouriteHandler<Like>(objects, favourites, logger);
