namespace BuildFarm.Cli.Client;

/// <summary>The servers an agent may register with (first that answers) and the registration token.</summary>
public sealed record AgentTarget(IReadOnlyList<Uri> Servers, string RegistrationToken);
