using System.Security.Cryptography;
using System.Text;
using Starling.ActivityPub.Signatures;

namespace Starling.ActivityPub.Tests.Signatures;

public sealed class RsaKeyPairTests
{
    [Fact]
    public void A_generated_pair_is_RSA_2048_in_SPKI_and_PKCS8_PEM()
    {
        var pair = TestKeys.Alice;

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pair.PublicKeyPem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pair.PrivateKeyPem);
        using var publicKey = RsaKeyPair.TryImportPublicKey(pair.PublicKeyPem, out var reason);
        Assert.Null(reason);
        Assert.Equal(2048, publicKey!.KeySize);
    }

    [Fact]
    public void The_private_half_signs_what_the_public_half_verifies()
    {
        var data = Encoding.UTF8.GetBytes("hello");
        using var privateKey = RsaKeyPair.ImportPrivateKey(TestKeys.Alice.PrivateKeyPem);
        var signature = privateKey.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        using var own = RsaKeyPair.TryImportPublicKey(TestKeys.Alice.PublicKeyPem, out _);
        using var other = RsaKeyPair.TryImportPublicKey(TestKeys.Mallory.PublicKeyPem, out _);
        Assert.True(own!.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(other!.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Two_generated_pairs_differ()
    {
        Assert.NotEqual(TestKeys.Alice.PublicKeyPem, TestKeys.Mallory.PublicKeyPem);
    }

    [Fact]
    public void The_public_half_can_be_recovered_from_the_private_half()
    {
        Assert.Equal(TestKeys.Alice.PublicKeyPem, RsaKeyPair.PublicKeyPemOf(TestKeys.Alice.PrivateKeyPem));
    }

    [Fact]
    public void PKCS1_public_keys_as_some_peers_publish_them_are_read()
    {
        using var key = RsaKeyPair.TryImportPublicKey(TestKeys.Fixture("rfc9421-test-key-rsa-public.pem"), out var reason);

        Assert.Null(reason);
        Assert.Equal(2048, key!.KeySize);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf\nw0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==\n-----END PUBLIC KEY-----")]
    public void Text_that_is_no_RSA_public_key_is_refused_with_a_reason(string pem)
    {
        using var key = RsaKeyPair.TryImportPublicKey(pem, out var reason);

        Assert.Null(key);
        Assert.NotNull(reason);
    }
}
