using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>Posts waiting for their time, with the parameters they will be published with.</summary>
public sealed class ScheduledStatusRenderer
{
    public ScheduledStatusEntity Render(ScheduledStatus scheduled)
    {
        var p = scheduled.Params;
        return new ScheduledStatusEntity
        {
            Id = EntityIds.Of(scheduled.Id),
            ScheduledAt = scheduled.ScheduledAt,
            Params = new ScheduledStatusParamsEntity
            {
                Text = p.Text,
                Poll = p.Poll is { } poll ? new ScheduledPollParamsEntity
                {
                    Options = poll.Options,
                    ExpiresIn = poll.ExpiresInSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Multiple = poll.Multiple,
                    HideTotals = poll.HideTotals,
                } : null,
                MediaIds = p.MediaIds?.Select(id => EntityIds.Of(id)).ToList(),
                Sensitive = p.Sensitive,
                SpoilerText = p.SpoilerText,
                Visibility = p.Visibility is { } visibility ? VisibilityNames.Of(visibility) : null,
                InReplyToId = EntityIds.Of(p.InReplyToId),
                Language = p.Language,
                ApplicationId = null,
                Idempotency = p.IdempotencyKey,
                WithRateLimit = false,
            },
            MediaAttachments = [],
        };
    }

    public IReadOnlyList<ScheduledStatusEntity> Render(IEnumerable<ScheduledStatus> scheduled) => scheduled.Select(Render).ToList();
}
