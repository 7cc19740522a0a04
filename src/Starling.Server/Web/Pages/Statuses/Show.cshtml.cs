using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Features.Timelines;
using Starling.Server.Infrastructure;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Statuses;

/// <summary>A post with the conversation around it, and a reply box for a signed-in reader.</summary>
public sealed class ShowModel(ThreadQueries threads, IOptions<StarlingOptions> options) : AppPageModel
{
    public StatusThread Thread { get; private set; } = null!;

    public ComposeForm? Reply { get; private set; }

    public async Task<IActionResult> OnGetAsync(string username, long id, CancellationToken cancellationToken)
    {
        Thread = await threads.ThreadAsync(Viewer.AccountId, id, cancellationToken);
        var focus = Thread.Focus.Content;
        if (!string.Equals(LocalUrls.Acct(focus.Account), username, StringComparison.OrdinalIgnoreCase))
        {
            return LocalRedirect(AccountDisplay.StatusPath(focus));
        }
        if (Viewer.AccountId is { } viewer)
        {
            Reply = new ComposeForm
            {
                Mode = ComposeMode.Reply,
                Text = ReplyDraft.Mentions(Thread.Focus, viewer),
                Visibility = ReplyDraft.VisibilityFor(Thread.Focus),
                InReplyToId = focus.Id,
                ReturnUrl = AccountDisplay.StatusPath(focus),
                MaxCharacters = options.Value.MaxStatusCharacters,
            };
        }
        return Page();
    }

    /// <summary>Replies to replies are indented one level, never more, so deep threads stay readable.</summary>
    public bool IsNested(Starling.Server.Features.Statuses.StatusView reply) => reply.Content.InReplyToId != Thread.Focus.Content.Id;
}
