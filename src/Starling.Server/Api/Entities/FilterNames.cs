using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's names for where a filter applies and what it does, both ways.</summary>
public static class FilterNames
{
    private static readonly (string Name, FilterContexts Context)[] Contexts =
    [
        ("home", FilterContexts.Home),
        ("notifications", FilterContexts.Notifications),
        ("public", FilterContexts.Public),
        ("thread", FilterContexts.Thread),
        ("account", FilterContexts.Account),
    ];

    public const string Warn = "warn";
    public const string Hide = "hide";

    /// <summary>The contexts in Mastodon's order.</summary>
    public static IReadOnlyList<string> Of(FilterContexts contexts) =>
        Contexts.Where(c => contexts.HasFlag(c.Context)).Select(c => c.Name).ToList();

    public static string Of(FilterAction action) => action switch
    {
        FilterAction.Warn => Warn,
        FilterAction.Hide => Hide,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown filter action."),
    };

    /// <summary>Reads <c>context[]</c>; false when any name is not one of Mastodon's five (the set may be empty).</summary>
    public static bool TryParseContexts(IEnumerable<string> names, out FilterContexts contexts)
    {
        contexts = FilterContexts.None;
        foreach (var name in names)
        {
            var known = Array.FindIndex(Contexts, c => c.Name == name.Trim());
            if (known < 0)
            {
                return false;
            }
            contexts |= Contexts[known].Context;
        }
        return true;
    }

    public static bool TryParseAction(string? name, out FilterAction action)
    {
        switch (name?.Trim())
        {
            case Warn:
                action = FilterAction.Warn;
                return true;
            case Hide:
                action = FilterAction.Hide;
                return true;
            default:
                action = default;
                return false;
        }
    }
}
