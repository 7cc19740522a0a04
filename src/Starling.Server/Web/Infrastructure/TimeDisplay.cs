using System.Globalization;

namespace Starling.Server.Web.Infrastructure;

/// <summary>Times as a timeline shows them: "now", "5m", "3h", "2d", "Nov 2", "Nov 2, 2024". js/app.js keeps them fresh with the same rule.</summary>
public static class TimeDisplay
{
    public static string Relative(DateTime at, DateTime now)
    {
        var age = now - at;
        if (age < TimeSpan.FromMinutes(1))
        {
            return "now";
        }
        if (age < TimeSpan.FromHours(1))
        {
            return $"{(int)age.TotalMinutes}m";
        }
        if (age < TimeSpan.FromDays(1))
        {
            return $"{(int)age.TotalHours}h";
        }
        if (age < TimeSpan.FromDays(7))
        {
            return $"{(int)age.TotalDays}d";
        }
        return at.Year == now.Year
            ? at.ToString("MMM d", CultureInfo.InvariantCulture)
            : at.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
    }

    public static string Absolute(DateTime at) => at.ToString("MMM d, yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable form for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
