namespace Starling.ActivityPub.Signatures;

/// <summary>How strict inbound signature checks are. The defaults follow what Mastodon accepts, so peers that
/// Mastodon accepts are accepted here.</summary>
public sealed record SignatureVerificationOptions
{
    /// <summary>
    /// How old a signature may be, counted from its <c>created</c> parameter or its <c>Date</c> header. Mastodon treats
    /// a signature as valid for five minutes and forgives an hour of clock skew beyond that, so 65 minutes.
    /// </summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(65);

    /// <summary>
    /// How far a signer's clock may run ahead of ours: a signature made further in the future is refused, and one
    /// with an <c>expires</c> parameter is still accepted this long after it.
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The smallest RSA key accepted; smaller keys are too weak to trust.</summary>
    public int MinimumKeySize { get; init; } = 2048;
}
