using System.Security.Cryptography;
using BuildFarm.Api.Local;
using BuildFarm.Server.Security;

namespace BuildFarm.Server.Hosting;

/// <summary>The local profile's tokens: made once in the data folder (owner-only files), read on every start.</summary>
public static class LocalTokens
{
    public static ServerTokens LoadOrCreate(FarmServerOptions options)
    {
        var files = new LocalFarmFiles(options.DataDirectory);
        return new ServerTokens(
            options.AdminToken ?? ReadOrCreate(files.AdminTokenFile, "adm-"),
            options.RegistrationToken ?? ReadOrCreate(files.RegistrationTokenFile, "reg-"));
    }

    private static string ReadOrCreate(string path, string prefix)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var token = prefix + RandomNumberGenerator.GetHexString(48, lowercase: true);
        using (var file = new FileStream(path, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew,
                   Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(token);
        }
        return token;
    }
}
