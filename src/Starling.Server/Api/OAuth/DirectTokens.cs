using OpenIddict.Abstractions;
using OpenIddict.Server;
using Starling.Server.Data.Entities;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Starling.Server.Api.OAuth;

/// <summary>
/// Access tokens issued without a request to <c>/oauth/token</c> (the <c>user token</c> verb, a sign-up through the API),
/// through OpenIddict's own sign-in pipeline, so they are stored, checked, listed and revoked like any other.
/// </summary>
public sealed class DirectTokens(OAuthGrants grants, IOpenIddictServerFactory factory, IOpenIddictServerDispatcher dispatcher)
{
    /// <param name="grantType">A grant type no client can use over HTTP, naming how the token came to be.</param>
    public async Task<string> IssueAsync(User user, OAuthApplication application, IReadOnlyList<string> scopes, string grantType, CancellationToken cancellationToken = default)
    {
        var principal = await grants.ForUserAsync(user, application, scopes, cancellationToken);
        var transaction = await factory.CreateTransactionAsync();
        transaction.EndpointType = OpenIddictServerEndpointType.Token;
        transaction.Request = new OpenIddictRequest { GrantType = grantType, ClientId = application.ClientId };
        transaction.CancellationToken = cancellationToken;
        transaction.Properties[OAuthServerEvents.KeepCliTokenResponse.Marker] = true;
        var signIn = new ProcessSignInContext(transaction) { Principal = principal, Response = new OpenIddictResponse() };
        await dispatcher.DispatchAsync(signIn);
        if (signIn.IsRejected || string.IsNullOrEmpty(signIn.AccessToken))
        {
            throw new InvalidOperationException($"The token could not be issued: {signIn.Error} {signIn.ErrorDescription}");
        }
        return signIn.AccessToken;
    }
}
