using System.Security.Cryptography;

namespace Starling.ActivityPub.Signatures;

/// <summary>
/// An actor's RSA key pair as PEM text: the public half as SubjectPublicKeyInfo (<c>BEGIN PUBLIC KEY</c>, what actor
/// documents publish as <c>publicKeyPem</c>) and the private half as PKCS#8 (<c>BEGIN PRIVATE KEY</c>).
/// </summary>
public sealed record RsaKeyPair(string PublicKeyPem, string PrivateKeyPem)
{
    /// <summary>The size every implementation in the fediverse accepts; larger keys only slow every signature down.</summary>
    public const int KeySize = 2048;

    /// <summary>
    /// Makes a new RSA-2048 key pair. Generation searches for primes, so it takes tens of milliseconds of CPU and
    /// varies from call to call; call it once per account, not per request.
    /// </summary>
    public static RsaKeyPair Generate()
    {
        using var rsa = RSA.Create(KeySize);
        return new RsaKeyPair(rsa.ExportSubjectPublicKeyInfoPem(), rsa.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The public half of a private key, for an actor whose public PEM was not kept.</summary>
    public static string PublicKeyPemOf(string privateKeyPem)
    {
        using var rsa = ImportPrivateKey(privateKeyPem);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>
    /// Reads a public key as peers publish it: SubjectPublicKeyInfo (<c>BEGIN PUBLIC KEY</c>) or PKCS#1
    /// (<c>BEGIN RSA PUBLIC KEY</c>). Returns null with a reason when the text holds no usable RSA public key.
    /// </summary>
    public static RSA? TryImportPublicKey(string? publicKeyPem, out string? failureReason)
    {
        if (string.IsNullOrWhiteSpace(publicKeyPem))
        {
            failureReason = "the public key is empty";
            return null;
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(publicKeyPem);
            failureReason = null;
            return rsa;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            failureReason = "the public key is not an RSA key in PEM form";
            return null;
        }
    }

    /// <summary>Reads a private key in PKCS#8 (<c>BEGIN PRIVATE KEY</c>) or PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>) form.</summary>
    public static RSA ImportPrivateKey(string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
        return rsa;
    }
}
