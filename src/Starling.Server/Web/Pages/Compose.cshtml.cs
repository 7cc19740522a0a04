using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Media;
using Starling.Server.Features.Statuses;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages;

/// <summary>Every compose box posts here. The page itself is the full-screen composer (narrow screens, replies, a refused post shown again).</summary>
[Authorize]
public sealed class ComposeModel(CreateStatus create, MediaAttachments media, StatusLoader loader, IServiceScopeFactory scopes,
    IOptions<StarlingOptions> options) : AppPageModel
{
    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? SpoilerText { get; set; }

    [BindProperty]
    public Visibility Visibility { get; set; }

    [BindProperty]
    public long? InReplyToId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The file slots, in the order the author wants them shown.</summary>
    [BindProperty]
    public List<ComposeMediaInput> Media { get; set; } = [];

    [BindProperty]
    public bool Sensitive { get; set; }

    public ComposeForm Form { get; private set; } = null!;

    /// <summary>
    /// The largest request this page takes (set for it alone in <see cref="WebSetup"/>): four files of the largest kind
    /// allowed, and room for the text and the form's framing. The rules on which files go together are the upload's.
    /// </summary>
    public static long MaxRequestBytes(MediaOptions limits) =>
        ComposeForm.MaxMediaFiles * Math.Max(limits.MaxUploadBytes, limits.MaxVideoBytes) + 1024 * 1024;

    public async Task OnGetAsync([FromQuery(Name = "in_reply_to")] long? inReplyTo, CancellationToken cancellationToken)
    {
        var parent = inReplyTo is { } id ? await loader.LoadVisibleAsync(id, ViewerId, cancellationToken) ?? throw DomainException.NotFound("Status") : null;
        Form = new ComposeForm
        {
            Mode = parent is null ? ComposeMode.New : ComposeMode.Reply,
            Text = parent is null ? "" : ReplyDraft.Mentions(parent, ViewerId),
            Visibility = parent is null ? Visibility.Public : ReplyDraft.VisibilityFor(parent),
            InReplyToId = parent?.Content.Id,
            ReplyingTo = parent,
            ReturnUrl = ReturnUrl ?? (parent is null ? null : AccountDisplay.StatusPath(parent.Content)),
            MaxCharacters = options.Value.MaxStatusCharacters,
            Autofocus = true,
        };
    }

    /// <summary>
    /// Each file is stored and processed in this request, then the post claims them all at once. A refused file or post
    /// leaves nothing behind: the files already stored for it are deleted before the form is shown again.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var slots = Media.Select((input, slot) => (input, slot)).Where(s => s.input.HasFile).ToList();
        if (slots.Count > ComposeForm.MaxMediaFiles)
        {
            throw DomainException.Invalid($"You cannot attach more than {ComposeForm.MaxMediaFiles} files.", "media_ids");
        }
        var uploaded = new List<long>(slots.Count);
        Status status;
        try
        {
            foreach (var (input, slot) in slots)
            {
                uploaded.Add(await UploadAsync(input, slot, cancellationToken));
            }
            var draft = new StatusDraft(Text ?? "", SpoilerText, Visibility, InReplyToId, Sensitive: Sensitive, MediaIds: uploaded);
            status = await create.CreateAsync(ViewerId, draft, cancellationToken);
        }
        catch when (uploaded.Count > 0)
        {
            await DiscardAsync(uploaded);
            throw;
        }
        Notice(InReplyToId is null ? "Your post is published." : "Your reply is published.");
        return RedirectBack(ReturnUrl, "/", fragment: InReplyToId is null ? null : $"s-{status.Id}");
    }

    /// <summary>Stores one file; a refusal names the file, and the slot's field, so the author knows which one to change.</summary>
    private async Task<long> UploadAsync(ComposeMediaInput input, int slot, CancellationToken cancellationToken)
    {
        var file = input.File!;
        try
        {
            await using var content = file.OpenReadStream();
            var attachment = await media.UploadAndProcessAsync(ViewerId, content, file.Length, input.Description, input.Focus, cancellationToken);
            return attachment.Id;
        }
        catch (DomainException refused)
        {
            var name = Path.GetFileName(file.FileName);
            var field = refused.Field is "description" or "focus" ? refused.Field : "file";
            throw new DomainException(refused.Kind, string.IsNullOrEmpty(name) ? refused.Message : $"{name}: {refused.Message}", $"media{slot}.{field}");
        }
    }

    /// <summary>
    /// In a unit of work of its own: the request's may hold a half-made post (a reply count raised, files claimed) that
    /// must not be saved along with the deletions.
    /// </summary>
    private async Task DiscardAsync(IReadOnlyList<long> mediaIds)
    {
        await using var scope = scopes.CreateAsyncScope();
        var fresh = scope.ServiceProvider.GetRequiredService<MediaAttachments>();
        foreach (var id in mediaIds)
        {
            // Not cancellable: the files must go even when the reader gave up waiting.
            await fresh.DeleteAsync(ViewerId, id, CancellationToken.None);
        }
    }

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        var parent = InReplyToId is { } id ? await loader.LoadVisibleAsync(id, ViewerId, cancellationToken) : null;
        Form = new ComposeForm
        {
            Mode = InReplyToId is null ? ComposeMode.New : ComposeMode.Reply,
            Text = Text ?? "",
            SpoilerText = SpoilerText ?? "",
            Visibility = Visibility,
            InReplyToId = parent?.Content.Id,
            ReplyingTo = parent,
            ReturnUrl = ReturnUrl,
            MaxCharacters = options.Value.MaxStatusCharacters,
            Problem = Problem,
            Media = Media,
            Sensitive = Sensitive,
            MediaWasSent = Media.Any(m => m.HasFile),
        };
        return true;
    }
}
