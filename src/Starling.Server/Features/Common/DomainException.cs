namespace Starling.Server.Features.Common;

public enum DomainErrorKind
{
    /// <summary>Input that breaks a rule (too long, bad format): 422.</summary>
    Invalid,
    /// <summary>The thing does not exist or the viewer may not know it exists: 404.</summary>
    NotFound,
    /// <summary>It exists, but this actor may not do this to it: 403.</summary>
    Forbidden,
    /// <summary>Clashes with existing state (name taken): 422 on the API, like Mastodon.</summary>
    Conflict,
}

/// <summary>A use case refused the request; the message is safe to show to the user.</summary>
public sealed class DomainException(DomainErrorKind kind, string message, string? field = null) : Exception(message)
{
    public DomainErrorKind Kind { get; } = kind;

    /// <summary>The input field at fault, when there is one, so forms can show the message beside it.</summary>
    public string? Field { get; } = field;

    public static DomainException NotFound(string what) => new(DomainErrorKind.NotFound, $"{what} not found.");
    public static DomainException Forbidden(string message) => new(DomainErrorKind.Forbidden, message);
    public static DomainException Invalid(string message, string? field = null) => new(DomainErrorKind.Invalid, message, field);
}
