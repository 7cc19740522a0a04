namespace Starling.Server.Infrastructure.Http;

public enum FetchRefusal
{
    /// <summary>The host is, or resolves only to, an address this server must not reach.</summary>
    PrivateAddress,

    /// <summary>Not https (nor http where plain http is allowed), or a URL that carries credentials.</summary>
    Scheme,

    TooManyRedirects,

    /// <summary>The answer is larger than the caller's limit.</summary>
    TooLarge,
}

/// <summary>
/// A fetch or delivery this server refused to make or to finish. The message says why in terms safe to log or show:
/// the host and the rule, never a resolved private address or a request's credentials. Retrying will not help.
/// </summary>
public sealed class FetchRefusedException(FetchRefusal refusal, string message) : Exception(message)
{
    public FetchRefusal Refusal { get; } = refusal;
}
