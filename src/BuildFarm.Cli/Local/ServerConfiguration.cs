using BuildFarm.Server;
using Microsoft.Extensions.Configuration;

namespace BuildFarm.Cli.Local;

/// <summary>
/// Where `farm server` and `farm db migrate` read their settings: appsettings.json beside the farm binary, then
/// appsettings.json in the current folder, then environment variables (Farm__Postgres, Orleans__Membership__...).
/// Flags override all of them.
/// </summary>
public static class ServerConfiguration
{
    public const string FileName = "appsettings.json";

    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, FileName), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), FileName), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>The "Farm" section bound onto the defaults; a value that does not convert is a clear error.</summary>
    public static FarmServerOptions Bind(IConfiguration configuration)
    {
        var options = new FarmServerOptions();
        try
        {
            configuration.GetSection(FarmServerOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"a setting in the \"{FarmServerOptions.Section}\" configuration section is not valid: {e.Message}");
        }
        options.Configuration = configuration;
        return options;
    }
}
