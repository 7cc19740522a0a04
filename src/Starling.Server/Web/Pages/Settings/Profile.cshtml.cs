using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Media;
using Starling.Server.Infrastructure;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Settings;

public sealed class ProfileModel(AccountQueries accounts, UpdateProfile update, LocalUrls urls, IOptions<StarlingOptions> options) : AppPageModel
{
    /// <summary>The pictures people take with their phones; processing decides by content what is really accepted.</summary>
    public const string AcceptedPictures = "image/png,image/jpeg,image/gif,image/webp,image/heic,image/heif,image/avif";

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public bool Locked { get; set; }

    [BindProperty]
    public IFormFile? Avatar { get; set; }

    [BindProperty]
    public bool RemoveAvatar { get; set; }

    [BindProperty]
    public IFormFile? Header { get; set; }

    [BindProperty]
    public bool RemoveHeader { get; set; }

    public string ProfilePath { get; private set; } = "/";

    /// <summary>The picture the profile has now, if it has one of its own.</summary>
    public string? AvatarUrl { get; private set; }

    public string? HeaderUrl { get; private set; }

    public int MaxDisplayName => UpdateProfile.MaxDisplayNameLength;

    public int MaxNote => UpdateProfile.MaxNoteLength;

    public string MaxPictureSize => MediaProcessor.Megabytes(options.Value.Media.MaxUploadBytes);

    /// <summary>The largest request this page takes: two pictures at the upload limit, and the text.</summary>
    public static long MaxRequestBytes(MediaOptions limits) => 2 * limits.MaxUploadBytes + 1024 * 1024;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var account = await accounts.ByIdAsync(ViewerId, cancellationToken);
        DisplayName = account.DisplayName;
        Note = account.Note;
        Locked = account.Locked;
        Show(account);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var pictures = new List<AccountPictureChange>();
        foreach (var (file, remove, kind) in new[] { (Avatar, RemoveAvatar, AccountPictureKind.Avatar), (Header, RemoveHeader, AccountPictureKind.Header) })
        {
            if (file is { Length: > 0 })
            {
                pictures.Add(new AccountPictureChange(kind, file.OpenReadStream(), file.Length));
            }
            else if (remove)
            {
                pictures.Add(new AccountPictureChange(kind, null));
            }
        }
        await update.UpdateAsync(ViewerId, new ProfileChanges(DisplayName ?? "", Note ?? "", Locked), pictures, cancellationToken);
        Notice("Your profile is saved.");
        return LocalRedirect("/settings/profile");
    }

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        Show(await accounts.ByIdAsync(ViewerId, cancellationToken));
        return true;
    }

    private void Show(Account account)
    {
        ProfilePath = AccountDisplay.ProfilePath(account);
        AvatarUrl = urls.OwnAvatar(account);
        HeaderUrl = urls.OwnHeader(account);
    }
}
