using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Timelines;

/// <summary>One page of a timeline, newest first, with the cursors for the older and newer pages.</summary>
public sealed record TimelinePage(IReadOnlyList<StatusView> Items, long? NextMaxId, long? PrevMinId)
{
    public static TimelinePage Empty { get; } = new([], null, null);
}
