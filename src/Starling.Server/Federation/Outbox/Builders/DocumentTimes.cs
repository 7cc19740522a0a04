namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>Stored times (UTC, whatever kind the database hands back) as the offsets documents carry.</summary>
internal static class DocumentTimes
{
    public static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? time) => time is { } value ? Utc(value) : null;

    /// <summary>Midnight UTC of the day.</summary>
    public static DateTimeOffset Day(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc).Date, TimeSpan.Zero);
}
