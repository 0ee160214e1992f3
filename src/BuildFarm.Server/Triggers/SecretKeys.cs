using BuildFarm.Grains.Secrets;
using BuildFarm.Server.Hosting;

namespace BuildFarm.Server.Triggers;

/// <summary>
/// Where the key of the farm's secrets comes from: <c>Farm:SecretKey</c> when set, else (local profile only) the key
/// file in the data folder. A cluster node refuses to start without it: a key file per node would make a secret stored
/// through one node unreadable on the others, which would only show much later, when a job needs the secret.
/// </summary>
public static class SecretKeys
{
    public const string Key = "Farm:SecretKey";
    private const string Make = "make one with `openssl rand -base64 32`";

    public static SecretCipher CipherFor(FarmServerOptions options)
    {
        if (Configured(options) is { } key) return new SecretCipher(key);
        if (options.Profile == ClusterProfile.Name) return new SecretCipher(Required(options));
        return new SecretCipher(SecretKeyFile.LoadOrCreate(Path.Combine(Path.GetFullPath(options.DataDirectory), "secrets.key")));
    }

    /// <summary>The cluster's key; without one, or with a malformed one, the node does not start.</summary>
    public static byte[] Required(FarmServerOptions options) => Configured(options) ?? throw new ArgumentException(
        $"the cluster profile needs {Key} (or --secret-key-file FILE): the key the farm's secrets are encrypted with, 32 random bytes in base64, " +
        $"the same on every node ({Make}); set it in appsettings.json (\"Farm\": {{ \"SecretKey\": ... }}) or in the environment variable Farm__SecretKey");

    /// <summary>The configured key, or null when none is set; a key that is not base64 of 32 bytes stops the node.</summary>
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
            throw new ArgumentException($"{Key} is not base64; give 32 random bytes in base64 ({Make})");
        }
        return key.Length == 32 ? key : throw new ArgumentException($"{Key} decodes to {key.Length} bytes; a secret key is 32 bytes ({Make})");
    }
}
