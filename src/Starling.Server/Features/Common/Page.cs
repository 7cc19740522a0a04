using System.Linq.Expressions;

namespace Starling.Server.Features.Common;

/// <summary>
/// A keyset page request over time-ordered ids, with Mastodon's semantics: max_id pages back in time,
/// since_id returns the newest items above a bound, min_id the oldest items above it (paging forwards).
/// <see cref="Cap"/> bounds <see cref="Limit"/>: 40 for statuses, <see cref="MaxAccountLimit"/> for lists of accounts.
/// </summary>
public sealed record PageRequest(long? MaxId = null, long? SinceId = null, long? MinId = null, int Limit = 20, int Cap = PageRequest.MaxLimit)
{
    public const int MaxLimit = 40;

    /// <summary>Accounts are smaller than statuses: Mastodon lists up to 80 of them at once.</summary>
    public const int MaxAccountLimit = 80;

    public int EffectiveLimit => Math.Clamp(Limit, 1, Math.Max(1, Cap));

    /// <summary>Paging forwards from min_id reads oldest-first and must be reversed before display.</summary>
    public bool Ascending => MinId is not null;

    public static PageRequest Default { get; } = new();
}

/// <summary>Applies a <see cref="PageRequest"/> to any query by an id selector.</summary>
public static class KeysetPagination
{
    public static IQueryable<T> ApplyKeyset<T>(this IQueryable<T> query, PageRequest page, Expression<Func<T, long>> id)
    {
        if (page.MaxId is { } max)
        {
            query = query.Where(Compare(id, max, Expression.LessThan));
        }
        if (page.SinceId is { } since)
        {
            query = query.Where(Compare(id, since, Expression.GreaterThan));
        }
        if (page.MinId is { } min)
        {
            return query.Where(Compare(id, min, Expression.GreaterThan)).OrderBy(id).Take(page.EffectiveLimit);
        }
        return query.OrderByDescending(id).Take(page.EffectiveLimit);
    }

    /// <summary>Puts an ascending (min_id) page back into newest-first order.</summary>
    public static List<T> NewestFirst<T>(this List<T> items, PageRequest page)
    {
        if (page.Ascending)
        {
            items.Reverse();
        }
        return items;
    }

    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, long>> id, long bound, Func<Expression, Expression, BinaryExpression> comparison)
    {
        // Reading the bound through a closure member makes EF send it as a parameter, keeping one cached plan.
        var holder = new Bound(bound);
        var value = Expression.Property(Expression.Constant(holder), nameof(Bound.Value));
        return Expression.Lambda<Func<T, bool>>(comparison(id.Body, value), id.Parameters);
    }

    private sealed record Bound(long Value);
}
