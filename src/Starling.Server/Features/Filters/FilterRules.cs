using Starling.Server.Data.Configurations;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Filters;

/// <summary>What a filter may hold, shared by every use case that changes one.</summary>
public static class FilterRules
{
    public const int MaxTitleLength = FilterConfiguration.MaxTitleLength;
    public const int MaxKeywordLength = FilterKeywordConfiguration.MaxKeywordLength;
    public const int MaxFiltersPerAccount = 100;
    public const int MaxKeywordsPerFilter = 100;
    public const int MaxStatusesPerFilter = 1000;

    public static string Title(string? title)
    {
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw DomainException.Invalid("Title can't be blank", "title");
        }
        if (trimmed.Length > MaxTitleLength)
        {
            throw DomainException.Invalid($"Title is too long (at most {MaxTitleLength} characters)", "title");
        }
        return trimmed;
    }

    public static FilterContexts Contexts(FilterContexts? contexts)
    {
        if (contexts is not { } value || (value & FilterContexts.All) == FilterContexts.None)
        {
            throw DomainException.Invalid("Context can't be blank: choose at least one of home, notifications, public, thread, account", "context");
        }
        return value & FilterContexts.All;
    }

    /// <summary>Keywords keep their inner spacing and case; only surrounding whitespace goes.</summary>
    public static string Keyword(string? keyword)
    {
        var trimmed = keyword?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw DomainException.Invalid("Keyword can't be blank", "keyword");
        }
        if (trimmed.Length > MaxKeywordLength)
        {
            throw DomainException.Invalid($"Keyword is too long (at most {MaxKeywordLength} characters)", "keyword");
        }
        return trimmed;
    }

    /// <summary>When a filter given <paramref name="expiresIn"/> from <paramref name="now"/> expires; null never.</summary>
    public static DateTime? ExpiresAt(TimeSpan? expiresIn, DateTime now)
    {
        if (expiresIn is not { } span)
        {
            return null;
        }
        if (span <= TimeSpan.Zero)
        {
            throw DomainException.Invalid("Expiry must be a positive number of seconds", "expires_in");
        }
        return span > DateTime.MaxValue - now - TimeSpan.FromDays(1) ? null : now + span;
    }
}
