using Starling.Server.Features.Common;
using Starling.Server.Features.Media;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Infrastructure;

/// <summary>
/// The files chosen in a compose box's slots, for a new post or an edit. Each file is stored and processed in the request,
/// then the post takes them all at once. A refused file or post leaves nothing behind: the files already stored for it are
/// deleted before the form is shown again.
/// </summary>
public sealed class ComposeUploads(MediaAttachments media, IServiceScopeFactory scopes)
{
    /// <param name="slots">The form's file slots, in the order the author wants the files shown.</param>
    /// <param name="room">How many new files the post can take (fewer than four when an edit keeps some).</param>
    /// <param name="post">Makes or changes the post with the ids of the stored files, in slot order.</param>
    public async Task<T> PostWithFilesAsync<T>(long accountId, IReadOnlyList<ComposeMediaInput> slots, int room,
        Func<IReadOnlyList<long>, Task<T>> post, CancellationToken cancellationToken)
    {
        var chosen = slots.Select((input, slot) => (input, slot)).Where(s => s.input.HasFile).ToList();
        if (chosen.Count > room)
        {
            throw DomainException.Invalid($"You cannot attach more than {ComposeForm.MaxMediaFiles} files.", "media_ids");
        }
        var uploaded = new List<long>(chosen.Count);
        try
        {
            foreach (var (input, slot) in chosen)
            {
                uploaded.Add(await UploadAsync(accountId, input, slot, cancellationToken));
            }
            return await post(uploaded);
        }
        catch when (uploaded.Count > 0)
        {
            await DiscardAsync(accountId, uploaded);
            throw;
        }
    }

    /// <summary>Stores one file; a refusal names the file, and the slot's field, so the author knows which one to change.</summary>
    private async Task<long> UploadAsync(long accountId, ComposeMediaInput input, int slot, CancellationToken cancellationToken)
    {
        var file = input.File!;
        try
        {
            await using var content = file.OpenReadStream();
            var attachment = await media.UploadAndProcessAsync(accountId, content, file.Length, input.Description, input.Focus, cancellationToken);
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
    private async Task DiscardAsync(long accountId, IReadOnlyList<long> mediaIds)
    {
        await using var scope = scopes.CreateAsyncScope();
        var fresh = scope.ServiceProvider.GetRequiredService<MediaAttachments>();
        foreach (var id in mediaIds)
        {
            // Not cancellable: the files must go even when the reader gave up waiting.
            await fresh.DeleteAsync(accountId, id, CancellationToken.None);
        }
    }
}
