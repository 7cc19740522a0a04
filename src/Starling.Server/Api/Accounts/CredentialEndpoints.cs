using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;

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

    private static async Task<CredentialAccountEntity> VerifyAsync(HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var user = await accounts.OwnerAsync(accountId, context.RequestAborted);
        var followRequests = await accounts.FollowRequestCountAsync(accountId, context.RequestAborted);
        return renderer.RenderCredential(user.Account, user, followRequests);
    }

    /// <summary>
    /// Form, multipart or JSON; absent parameters leave their value alone. <c>avatar</c> and <c>header</c> are accepted and
    /// ignored until media exists, as are <c>hide_collections</c> and <c>indexable</c>, which Starling does not have.
    /// </summary>
    private static async Task<CredentialAccountEntity> UpdateAsync(HttpContext context, UpdateProfile update, AccountQueries accounts, AccountRenderer renderer)
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
        var account = await update.UpdateAsync(accountId, changes, context.RequestAborted);
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
