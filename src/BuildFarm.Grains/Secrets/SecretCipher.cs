using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Grains.Secrets;

/// <summary>
/// AES-256-GCM for secrets at rest: a fresh nonce per value, the secret's name as associated data (a value moved to
/// another name does not decrypt). The key lives outside the grain state (the local profile: <c>DATA/secrets.key</c>).
/// </summary>
public sealed class SecretCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] key;

    public SecretCipher(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException($"a secret key is 32 bytes; this one is {key.Length}", nameof(key));
        this.key = key;
    }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public byte[] Encrypt(string name, string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(name));
        return sealedValue;
    }

    public string Decrypt(string name, byte[] sealedValue)
    {
        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), plain,
            Encoding.UTF8.GetBytes(name));
        return Encoding.UTF8.GetString(plain);
    }
}
