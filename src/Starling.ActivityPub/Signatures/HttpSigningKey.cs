using System.Security.Cryptography;

namespace Starling.ActivityPub.Signatures;

/// <summary>
/// A private key ready to sign requests, and the <c>keyId</c> peers fetch its public half from (an actor's
/// <c>publicKey.id</c>, usually <c>{actor}#main-key</c>). Importing the PEM once and signing many requests with it is
/// cheaper than importing per request. One instance is not meant to be shared by concurrent signers.
/// </summary>
public sealed class HttpSigningKey : IDisposable
{
    private readonly RSA rsa;

    public HttpSigningKey(string keyId, string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        KeyId = keyId;
        rsa = RsaKeyPair.ImportPrivateKey(privateKeyPem);
    }

    public string KeyId { get; }

    internal byte[] Sign(byte[] data, HashAlgorithmName hash, RSASignaturePadding padding) => rsa.SignData(data, hash, padding);

    public void Dispose() => rsa.Dispose();
}
