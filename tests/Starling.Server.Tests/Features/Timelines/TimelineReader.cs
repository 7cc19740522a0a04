using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Features.Timelines;

/// <summary>Reads timelines the way a page would, returning status ids newest first.</summary>
internal static class TimelineReader
{
    public static async Task<List<long>> HomeAsync(this TestInstance app, long viewerId, PageRequest? page = null) =>
        Ids(await app.UseAsync<TimelineQueries, TimelinePage>(t => t.HomeAsync(viewerId, page ?? PageRequest.Default)));

    public static async Task<List<long>> LocalAsync(this TestInstance app, long? viewerId, PageRequest? page = null) =>
        Ids(await app.UseAsync<TimelineQueries, TimelinePage>(t => t.LocalAsync(viewerId, page ?? PageRequest.Default)));

    public static async Task<List<long>> TagAsync(this TestInstance app, long? viewerId, string tag) =>
        Ids(await app.UseAsync<TimelineQueries, TimelinePage>(t => t.TagAsync(viewerId, tag, PageRequest.Default)));

    public static async Task<List<long>> ProfileAsync(this TestInstance app, long? viewerId, long accountId, bool withReplies = false) =>
        Ids(await app.UseAsync<TimelineQueries, TimelinePage>(t => t.AccountAsync(viewerId, accountId, PageRequest.Default, withReplies)));

    public static Task<StatusThread> ThreadAsync(this TestInstance app, long? viewerId, long statusId) =>
        app.UseAsync<ThreadQueries, StatusThread>(t => t.ThreadAsync(viewerId, statusId));

    public static List<long> Ids(TimelinePage page) => page.Items.Select(v => v.Status.Id).ToList();

    public static List<long> Ids(IEnumerable<StatusView> views) => views.Select(v => v.Status.Id).ToList();

    public static List<long> Ids(this World world, params string[] statusNames) => statusNames.Select(n => world.Status(n).Id).ToList();
}
