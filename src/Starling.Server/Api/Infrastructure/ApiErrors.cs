using System.Text.Json.Serialization;
using Starling.Server.Features.Common;

namespace Starling.Server.Api.Infrastructure;

/// <summary>Mastodon's error body: <c>{"error": "...", "error_description": "..."}</c>, the description only when there is one.</summary>
public sealed record ApiError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description = null);

/// <summary>A refusal raised by the API edge itself (a malformed parameter, a missing record), with its status code.</summary>
public sealed class ApiException(int statusCode, string message, string? description = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string? Description { get; } = description;

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiException Unprocessable(string message) => new(StatusCodes.Status422UnprocessableEntity, message);

    public static ApiException NotFound() => new(StatusCodes.Status404NotFound, ApiErrors.RecordNotFound);
}

public static class ApiErrors
{
    public const string InvalidToken = "The access token is invalid";
    public const string OutsideScopes = "This action is outside the authorized scopes";
    public const string UserRequired = "This method requires an authenticated user";
    public const string RecordNotFound = "Record not found";
    public const string TooManyRequests = "Too many requests";
    public const string LoginPendingApproval = "Your login is currently pending approval";
    public const string LoginUnconfirmed = "Your login is missing a confirmed e-mail address";
    public const string LoginDisabled = "Your login is currently disabled";

    /// <summary>The reasons a valid user token may not act yet; each is a 403.</summary>
    public static bool IsLoginRefusal(string message) => message is LoginPendingApproval or LoginUnconfirmed or LoginDisabled;

    public static IResult Result(int statusCode, string error, string? description = null) =>
        Results.Json(new ApiError(error, description), ApiJson.Options, statusCode: statusCode);

    public static Task WriteAsync(HttpContext context, int statusCode, string error, string? description = null)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new ApiError(error, description), ApiJson.Options, context.RequestAborted);
    }

    /// <summary>Invalid and Conflict are 422 on the API (Mastodon's "Validation failed"), NotFound 404, Forbidden 403.</summary>
    public static int StatusCodeFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>The words for a bare status code that no endpoint explained.</summary>
    public static string DefaultMessage(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => InvalidToken,
        StatusCodes.Status403Forbidden => OutsideScopes,
        StatusCodes.Status404NotFound => RecordNotFound,
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status406NotAcceptable => "Not acceptable",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Request too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status422UnprocessableEntity => "Unprocessable entity",
        StatusCodes.Status429TooManyRequests => TooManyRequests,
        >= 500 => "An unexpected error occurred",
        _ => "Request failed",
    };
}
