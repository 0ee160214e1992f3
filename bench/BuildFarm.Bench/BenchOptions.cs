namespace BuildFarm.Bench;

/// <summary>What one `./bench.sh` run does.</summary>
public sealed record BenchOptions(IReadOnlyList<string> Scenarios, IReadOnlyList<string> Profiles, int Runs, bool Quick, string OutputFile);
