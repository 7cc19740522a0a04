using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Common;
using Starling.Server.Features.Notifications;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages;

/// <summary>What others did with the reader's account and posts; viewing the newest page marks them all read.</summary>
public sealed class NotificationsModel(NotificationQueries notifications) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public NotificationPage Notifications { get; private set; } = null!;

    public bool HasMore { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = new PageRequest(MaxId: MaxId);
        Notifications = await notifications.ListAsync(ViewerId, request, cancellationToken);
        HasMore = Notifications.Items.Count >= request.EffectiveLimit;
        if (MaxId is null)
        {
            await notifications.MarkAllReadAsync(ViewerId, cancellationToken);
        }
    }
}
