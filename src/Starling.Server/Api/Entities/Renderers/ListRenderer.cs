using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>Lists as Mastodon clients expect them.</summary>
public sealed class ListRenderer
{
    public ListEntity Render(UserList list) => new()
    {
        Id = EntityIds.Of(list.Id),
        Title = list.Title,
        RepliesPolicy = ListRepliesPolicyNames.Of(list.RepliesPolicy),
        Exclusive = list.Exclusive,
    };

    public IReadOnlyList<ListEntity> Render(IEnumerable<UserList> lists) => lists.Select(Render).ToList();
}
