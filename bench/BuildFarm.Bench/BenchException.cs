namespace BuildFarm.Bench;

/// <summary>A benchmark that cannot go on: the message says what is missing or what went wrong.</summary>
public sealed class BenchException(string message) : Exception(message);
