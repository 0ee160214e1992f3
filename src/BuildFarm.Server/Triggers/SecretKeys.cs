using BuildFarm.Grains.Secrets;
using BuildFarm.Server.Hosting;

namespace BuildFarm.Server.Triggers;

/// <summary>
/// Where the key of the farm's secrets comes from: <c>Farm:SecretKey</c> when set (a cluster's nodes share it), else
/// the local profile's key file. A cluster node without it still runs; storing or reading a secret then fails, naming the key.
/// </summary>
public static class SecretKeys
{
    public const string Key = "Farm:SecretKey";

    public static readonly string Missing =
        $"the cluster profile needs {Key} to store or read secrets: 32 random bytes in base64, the same on every node (make one with " +
        "`openssl rand -base64 32`); set it in appsettings.json (\"Farm\": { \"SecretKey\": ... }) or in the environment variable Farm__SecretKey, then restart the nodes";

    public static SecretCipher CipherFor(FarmServerOptions options)
    {
        if (Configured(options) is { } key) return new SecretCipher(key);
        if (options.Profile == ClusterProfile.Name) return SecretCipher.Unavailable(Missing);
        return new SecretCipher(SecretKeyFile.LoadOrCreate(Path.Combine(Path.GetFullPath(options.DataDirectory), "secrets.key")));
    }

    /// <summary>The configured key, or null; a key that is not base64 of 32 bytes stops the node.</summary>
    public static byte[]? Configured(FarmServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SecretKey)) return null;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(options.SecretKey.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{Key} is not base64; give 32 random bytes in base64 (make one with `openssl rand -base64 32`)");
        }
        return key.Length == 32 ? key
            : throw new ArgumentException($"{Key} decodes to {key.Length} bytes; a secret key is 32 bytes (make one with `openssl rand -base64 32`)");
    }
}
