using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>An emoji reaction to a local post (Pleroma, Akkoma), kept as a favourite: reactions have no place of their own yet.</summary>
public sealed class EmojiReactHandler(InboxObjects objects, FavouriteStatus favourites, ILogger<EmojiReactHandler> logger)
    : FavouriteHandler<EmojiReact>(objects, favourites, logger);
