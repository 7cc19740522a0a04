using OpenIddict.Abstractions;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Starling.Server.Api.OAuth;

/// <summary>
/// The <c>user token</c> verb: an ordinary OAuth access token, issued to the built-in "Starling CLI" app through
/// OpenIddict's own sign-in pipeline, so it is stored, checked, listed and revoked like any app's token.
/// </summary>
public sealed class CliTokens(
    AdministerAccount accounts,
    OAuthGrants grants,
    DirectTokens tokens,
    IOpenIddictApplicationManager applications,
    TimeProvider time)
{
    public const string ClientId = "starling-cli";
    public const string ApplicationName = "Starling CLI";

    /// <summary>A grant type no client can use over HTTP: it names tokens minted on the command line.</summary>
    public const string GrantType = "urn:starling:params:oauth:grant-type:cli";

    public async Task<string> IssueAsync(string username, string scopes, CancellationToken cancellationToken = default)
    {
        var requested = OAuthScopes.Parse(scopes);
        if (requested.Count == 0)
        {
            throw DomainException.Invalid("Give at least one scope, such as \"read write follow push\".", "scopes");
        }
        var unknown = requested.Where(s => !OAuthScopes.IsKnown(s)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid($"Unknown scope: {string.Join(", ", unknown)}.", "scopes");
        }
        var user = await accounts.FindAsync(username, cancellationToken);
        if (user.Account.IsSuspended)
        {
            throw DomainException.Forbidden($"User '{user.Account.Username}' is suspended.");
        }
        var application = await EnsureApplicationAsync(cancellationToken);
        return await tokens.IssueAsync(user, application, requested, GrantType, cancellationToken);
    }

    private async Task<OAuthApplication> EnsureApplicationAsync(CancellationToken cancellationToken)
    {
        if (await grants.FindApplicationAsync(ClientId, cancellationToken) is { } existing)
        {
            return existing;
        }
        var application = new OAuthApplication { CreatedAt = time.GetUtcNow().UtcDateTime, Scopes = string.Join(' ', OAuthScopes.TopLevel) };
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = ApplicationName,
        };
        foreach (var scope in OAuthScopes.All)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
        await applications.PopulateAsync(application, descriptor, cancellationToken);
        await applications.CreateAsync(application, cancellationToken);
        return application;
    }
}
