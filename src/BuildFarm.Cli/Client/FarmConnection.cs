namespace BuildFarm.Cli.Client;

/// <summary>Where the farm's API is and the token to call it with; Source says where they were found (for error messages).</summary>
public sealed record FarmConnection(Uri Address, string Token, string Source);
