namespace BuildFarm.Cli;

/// <summary>A failure the user can act on; printed as <c>error: message</c> with exit code 1, without a stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
