using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Media;

namespace Starling.Server.Api.Accounts;

/// <summary>The signed-in user's own account: <c>verify_credentials</c> and <c>update_credentials</c>.</summary>
public static class CredentialEndpoints
{
    public static IEndpointRouteBuilder MapCredentials(this IEndpointRouteBuilder accounts)
    {
        accounts.MapGet("/verify_credentials", VerifyAsync).RequireScope("profile", "read:accounts")
            .WithSummary("The signed-in user's account, with the source of its profile");
        accounts.MapPatch("/update_credentials", UpdateAsync).RequireScope("write:accounts")
            .WithSummary("Change the profile (display_name, note, locked, bot, discoverable, fields_attributes) and posting defaults (source[...])");
        return accounts;
    }

    /// <summary><c>DELETE /api/v1/profile/avatar</c> and <c>/header</c>: back to the default picture.</summary>
    public static IEndpointRouteBuilder MapProfilePictures(this IEndpointRouteBuilder app)
    {
        var profile = app.MapGroup("/api/v1/profile").WithTags("Accounts");
        profile.MapDelete("/avatar", (HttpContext context, AccountPictures pictures, AccountQueries accounts, AccountRenderer renderer) =>
            RemovePictureAsync(context, AccountPictureKind.Avatar, pictures, accounts, renderer)).RequireScope("write:accounts").WithSummary("Remove the profile picture");
        profile.MapDelete("/header", (HttpContext context, AccountPictures pictures, AccountQueries accounts, AccountRenderer renderer) =>
            RemovePictureAsync(context, AccountPictureKind.Header, pictures, accounts, renderer)).RequireScope("write:accounts").WithSummary("Remove the header picture");
        return app;
    }

    private static async Task<CredentialAccountEntity> RemovePictureAsync(HttpContext context, AccountPictureKind kind, AccountPictures pictures,
        AccountQueries accounts, AccountRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var account = await pictures.RemoveAsync(accountId, kind, context.RequestAborted);
        var followRequests = await accounts.FollowRequestCountAsync(accountId, context.RequestAborted);
        return renderer.RenderCredential(account, account.User!, followRequests);
    }

    private static async Task<CredentialAccountEntity> VerifyAsync(HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var user = await accounts.OwnerAsync(accountId, context.RequestAborted);
        var followRequests = await accounts.FollowRequestCountAsync(accountId, context.RequestAborted);
        return renderer.RenderCredential(user.Account, user, followRequests);
    }

    /// <summary>
    /// Form, multipart or JSON; absent parameters leave their value alone. <c>avatar</c> and <c>header</c> are image files;
    /// <c>hide_collections</c> and <c>indexable</c>, which Starling does not have, are accepted and ignored.
    /// </summary>
    private static async Task<CredentialAccountEntity> UpdateAsync(HttpContext context, UpdateProfile update, AccountQueries accounts,
        AccountRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var source = parameters.Section("source") ?? ApiParameters.Empty;
        Visibility? privacy = null;
        if (source.String("privacy") is { Length: > 0 } privacyName)
        {
            privacy = VisibilityNames.TryParse(privacyName, out var visibility)
                ? visibility
                : throw ApiException.Unprocessable("Validation failed: privacy must be public, unlisted or private");
        }
        var changes = new ProfileChanges(
            DisplayName: parameters.String("display_name"),
            Note: parameters.String("note"),
            Locked: parameters.Bool("locked"),
            Bot: parameters.Bool("bot"),
            Discoverable: parameters.Bool("discoverable"),
            Fields: parameters.Has("fields_attributes") ? Fields(parameters) : null,
            DefaultVisibility: privacy,
            DefaultSensitive: source.Bool("sensitive"),
            DefaultLanguage: source.String("language"));
        // The form's files are read from the request's own buffer, which goes with the request.
        var pictures = new List<AccountPictureChange>();
        foreach (var (name, kind) in new[] { ("avatar", AccountPictureKind.Avatar), ("header", AccountPictureKind.Header) })
        {
            if (parameters.File(name) is { } file)
            {
                pictures.Add(new AccountPictureChange(kind, file.OpenReadStream(), file.Length));
            }
        }
        // A refused picture leaves the rest of the profile as it was too.
        var account = await update.UpdateAsync(accountId, changes, pictures, context.RequestAborted);
        var followRequests = await accounts.FollowRequestCountAsync(accountId, context.RequestAborted);
        return renderer.RenderCredential(account, account.User!, followRequests);
    }

    /// <summary>
    /// <c>fields_attributes[0][name]=...</c>, its JSON forms (an object keyed by index, or an array), or an empty value
    /// to remove every field. The index orders the fields; its value does not matter.
    /// </summary>
    private static IReadOnlyList<ProfileFieldInput> Fields(ApiParameters parameters)
    {
        if (parameters.IsBlank("fields_attributes"))
        {
            return [];
        }
        return parameters.Sections("fields_attributes")
            .Select(field => new ProfileFieldInput(field.String("name") ?? "", field.String("value") ?? ""))
            .ToList();
    }
}
