using System.Text.Json.Serialization;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Api.OAuth;
using Starling.Server.Features.Accounts;

namespace Starling.Server.Api.Accounts;

/// <summary>
/// <c>POST /api/v1/accounts</c>: an app signs a person up (with its client_credentials token) and gets a user token for
/// them. The registration mode applies as on the web: closed refuses (403); approval creates the account, whose token
/// answers 403 "pending approval" until a moderator approves it.
/// </summary>
public static class RegistrationEndpoints
{
    /// <summary>A grant type no client can use over HTTP: it names tokens issued at sign-up.</summary>
    public const string GrantType = "urn:starling:params:oauth:grant-type:sign-up";

    public static IEndpointRouteBuilder MapRegistration(this IEndpointRouteBuilder accounts)
    {
        accounts.MapPost("", RegisterAsync).RequireAppScope("write:accounts")
            .WithSummary("Register an account (app token); returns a token for it, or 422 with details per field");
        return accounts;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, RegisterAccount register, OAuthGrants grants, DirectTokens tokens, TimeProvider time)
    {
        var caller = context.RequiredCaller();
        var parameters = await ApiParameters.ReadAsync(context);
        var registration = new Registration(
            parameters.String("username") ?? "", parameters.String("email") ?? "", parameters.String("password") ?? "", parameters.String("reason"));
        var problems = (await register.CheckAsync(registration, cancellationToken: context.RequestAborted))
            .Select(p => new RegistrationFieldError(p.Field, ErrorCode(p.Kind), p.Message))
            .ToList();
        if (parameters.Bool("agreement") != true)
        {
            problems.Add(new RegistrationFieldError("agreement", "ERR_ACCEPTED", "Agree to the server's rules to sign up."));
        }
        if (problems.Count > 0)
        {
            return Results.Json(RegistrationErrorEntity.From(problems), ApiJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        var application = await grants.FindApplicationAsync(caller.ClientId, context.RequestAborted)
            ?? throw new ApiException(StatusCodes.Status401Unauthorized, ApiErrors.InvalidToken);
        var user = await register.RegisterAsync(registration, cancellationToken: context.RequestAborted);
        // As on Mastodon, the new user's token carries every scope the app registered with.
        var scopes = OAuthScopes.Parse(application.Scopes) is { Count: > 0 } registered ? registered : [OAuthScopes.Default];
        var token = await tokens.IssueAsync(user, application, scopes, GrantType, context.RequestAborted);
        return Results.Json(new TokenEntity { AccessToken = token, Scope = string.Join(' ', scopes), CreatedAt = time.GetUtcNow().ToUnixTimeSeconds() }, ApiJson.Options);
    }

    private static string ErrorCode(RegistrationProblemKind kind) => kind switch
    {
        RegistrationProblemKind.Blank => "ERR_BLANK",
        RegistrationProblemKind.Reserved => "ERR_RESERVED",
        RegistrationProblemKind.Taken => "ERR_TAKEN",
        RegistrationProblemKind.TooShort => "ERR_TOO_SHORT",
        RegistrationProblemKind.TooLong => "ERR_TOO_LONG",
        _ => "ERR_INVALID",
    };
}

public sealed record RegistrationFieldError(string Field, string Code, string Description);

/// <summary>Mastodon's refusal of a sign-up: the summary in <c>error</c>, and in <c>details</c> every problem by field.</summary>
public sealed record RegistrationErrorEntity
{
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    [JsonPropertyName("details")]
    public required IReadOnlyDictionary<string, IReadOnlyList<RegistrationErrorDetailEntity>> Details { get; init; }

    public static RegistrationErrorEntity From(IReadOnlyList<RegistrationFieldError> problems) => new()
    {
        Error = "Validation failed: " + string.Join(" ", problems.Select(p => p.Description)),
        Details = problems.GroupBy(p => p.Field).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<RegistrationErrorDetailEntity>)g.Select(p => new RegistrationErrorDetailEntity { Error = p.Code, Description = p.Description }).ToList()),
    };
}

public sealed record RegistrationErrorDetailEntity
{
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }
}
