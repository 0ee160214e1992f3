namespace BuildFarm.Cli.Client;

/// <summary>What the user gave for finding the farm: the global flags (null when absent) and the environment.</summary>
public sealed record ConnectionSettings(string? Server, string? Token, string? DataDirectory, Func<string, string?> Environment)
{
    public const string ServerVariable = "FARM_SERVER";
    public const string TokenVariable = "FARM_TOKEN";
    public const string DataVariable = "FARM_DATA";
    public const string RegistrationTokenVariable = "FARM_REGISTRATION_TOKEN";

    /// <summary>--data, else FARM_DATA, else ~/.buildfarm.</summary>
    public string ResolveDataDirectory() =>
        Path.GetFullPath(NonEmpty(DataDirectory) ?? NonEmpty(Environment(DataVariable)) ?? BuildFarm.Server.FarmServerOptions.DefaultDataDirectory());

    internal static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
