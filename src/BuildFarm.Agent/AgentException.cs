namespace BuildFarm.Agent;

/// <summary>The agent cannot run at all (registration refused, work directory in use); the message says why.</summary>
public sealed class AgentException(string message, Exception? inner = null) : Exception(message, inner);
