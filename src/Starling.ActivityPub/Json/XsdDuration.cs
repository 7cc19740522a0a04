using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Starling.ActivityPub.Json;

/// <summary>
/// The <c>xsd:duration</c> form ActivityStreams uses for <c>duration</c>: <c>PT2M5.5S</c>, <c>P1DT2H</c>. Years and
/// months have no fixed length; read, they count as 365 and 30 days, as .NET's XML reader counts them.
/// </summary>
public static partial class XsdDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var match = text is null ? Match.Empty : Form().Match(text.Trim());
        // "P" and "PT" alone match the pattern but name no length.
        if (!match.Success || match.Value.EndsWith('P') || match.Value.EndsWith('T'))
        {
            return false;
        }
        var seconds = Part(match, "years") * 365 * 86400 + Part(match, "months") * 30 * 86400 + Part(match, "days") * 86400
            + Part(match, "hours") * 3600 + Part(match, "minutes") * 60 + Part(match, "seconds");
        if (!double.IsFinite(seconds) || seconds >= TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }
        value = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)) * (match.Groups["negative"].Success ? -1 : 1);
        return true;
    }

    /// <summary>The shortest form: <c>PT2M5.5S</c>, <c>P1DT2H</c>, <c>PT0S</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var text = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            text.Append('-');
            value = value.Duration();
        }
        text.Append('P');
        if (value.Days > 0)
        {
            text.Append(value.Days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        if (value.Hours > 0 || value.Minutes > 0 || value.Seconds > 0 || fraction > 0 || value.Days == 0)
        {
            text.Append('T');
            if (value.Hours > 0)
            {
                text.Append(value.Hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            }
            if (value.Minutes > 0)
            {
                text.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            }
            if (value.Seconds > 0 || fraction > 0 || (value.Hours == 0 && value.Minutes == 0))
            {
                text.Append(value.Seconds.ToString(CultureInfo.InvariantCulture));
                if (fraction > 0)
                {
                    text.Append('.').Append(fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0'));
                }
                text.Append('S');
            }
        }
        return text.ToString();
    }

    private static double Part(Match match, string name) =>
        match.Groups[name] is { Success: true } group ? double.Parse(group.ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?<negative>-)?P(?:(?<years>[0-9]+)Y)?(?:(?<months>[0-9]+)M)?(?:(?<days>[0-9]+)D)?(?:T(?:(?<hours>[0-9]+)H)?(?:(?<minutes>[0-9]+)M)?(?:(?<seconds>[0-9]+(?:\.[0-9]+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Form();
}
