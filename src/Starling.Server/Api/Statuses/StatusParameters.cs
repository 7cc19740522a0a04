using System.Globalization;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Media;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Api.Statuses;

/// <summary>Reads the parameters of posting and editing into the use cases' drafts; the rules themselves stay in the use cases.</summary>
public static class StatusParameters
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static StatusDraft ReadDraft(ApiParameters parameters, HttpContext context)
    {
        var visibility = Visibility.Public;
        if (parameters.String("visibility") is { Length: > 0 } name && !VisibilityNames.TryParse(name, out visibility))
        {
            throw ApiException.Unprocessable("Validation failed: Visibility is not included in the list");
        }
        var key = context.Request.Headers[IdempotencyHeader].ToString().Trim();
        return new StatusDraft(
            parameters.String("status") ?? "",
            parameters.String("spoiler_text"),
            visibility,
            parameters.Id("in_reply_to_id"),
            parameters.Bool("sensitive", false),
            parameters.String("language"),
            ReadPoll(parameters),
            key.Length > 0 ? key : null,
            ReadMediaIds(parameters));
    }

    public static StatusEditDraft ReadEdit(ApiParameters parameters)
    {
        return new StatusEditDraft(
            parameters.String("status") ?? "",
            parameters.String("spoiler_text"),
            parameters.Bool("sensitive", false),
            parameters.String("language"),
            ReadPoll(parameters),
            ReplacePoll: true,
            // Mastodon's edit sets the files to media_ids, so an edit without them leaves none.
            MediaIds: ReadMediaIds(parameters),
            MediaAttributes: ReadMediaAttributes(parameters));
    }

    /// <summary><c>media_attributes[][id]</c> with <c>[description]</c> and <c>[focus]</c>: the kept files' new alt text and focal points.</summary>
    private static IReadOnlyList<MediaAttributes>? ReadMediaAttributes(ApiParameters parameters)
    {
        var sections = parameters.Sections("media_attributes");
        if (sections.Count == 0)
        {
            return null;
        }
        return [.. sections.Select(section => new MediaAttributes(
            section.Id("id") ?? throw ApiException.Unprocessable("Validation failed: media_attributes[][id] is missing"),
            section.String("description"),
            section.String("focus")))];
    }

    /// <summary>An ISO 8601 time; null when absent.</summary>
    public static DateTime? ReadTime(ApiParameters parameters, string name)
    {
        var text = parameters.String(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime
            : throw ApiException.Unprocessable($"Validation failed: {name} is not a valid time");
    }

    /// <summary><c>poll[options][]</c>, <c>poll[expires_in]</c>, <c>poll[multiple]</c>, <c>poll[hide_totals]</c>; null without options.</summary>
    private static PollDraft? ReadPoll(ApiParameters parameters)
    {
        if (parameters.Section("poll") is not { } poll)
        {
            return null;
        }
        var options = poll.Strings("options");
        if (options.Count == 0 && !poll.Has("expires_in"))
        {
            return null;
        }
        var expiresIn = poll.Int("expires_in") ?? throw ApiException.Unprocessable("Validation failed: poll[expires_in] is missing");
        return new PollDraft(options, expiresIn, poll.Bool("multiple", false), poll.Bool("hide_totals", false));
    }

    /// <summary><c>media_ids[]</c>: an id that is not a number cannot be anyone's upload, so it is refused as one not found.</summary>
    private static IReadOnlyList<long> ReadMediaIds(ApiParameters parameters) =>
        parameters.Strings("media_ids")
            .Where(text => text.Length > 0)
            .Select(text => EntityIds.TryParse(text, out var id) ? id : throw ApiException.Unprocessable($"Validation failed: media {text} not found"))
            .ToList();
}
