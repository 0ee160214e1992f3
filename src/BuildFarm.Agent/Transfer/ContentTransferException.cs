namespace BuildFarm.Agent.Transfer;

/// <summary>An artifact could not be moved between the agent and the content store (bad tree, bad blob, missing blob).</summary>
internal sealed class ContentTransferException(string message) : Exception(message);
