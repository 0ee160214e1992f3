using BuildFarm.Bench.Launch;

namespace BuildFarm.Bench.Scenarios;

/// <summary>What every scenario is given: the profile to run the farm on, how many measured runs, and where to say what it does.</summary>
public sealed record ScenarioContext(FarmProfile Profile, int Runs, bool Quick, TextWriter Progress)
{
    /// <summary>A hang guard for one execution, never a measurement.</summary>
    public static readonly TimeSpan ExecutionLimit = TimeSpan.FromMinutes(30);

    public void Say(string scenario, string message) => Progress.WriteLine($"[{Profile.Name}/{scenario}] {message}");
}
