using BuildFarm.Grains.Secrets;

namespace BuildFarm.Server.Triggers;

/// <summary>The key secrets are encrypted with: 32 random bytes in an owner-only file, made on first start.</summary>
public static class SecretKeyFile
{
    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            return key.Length == 32 ? key : throw new InvalidOperationException($"{path} holds {key.Length} bytes; a secret key is 32 (restore it, or delete it and set every secret again)");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var created = SecretCipher.NewKey();
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        file.Write(created);
        return created;
    }
}
