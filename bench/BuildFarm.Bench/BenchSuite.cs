using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Report;
using BuildFarm.Bench.Scenarios;

namespace BuildFarm.Bench;

/// <summary>Runs the chosen scenarios on each chosen profile, then prints the one table and writes it to the results file.</summary>
public sealed class BenchSuite(BenchOptions options, TextWriter progress)
{
    public static IReadOnlyList<IScenario> All { get; } =
        [new FanoutScenario(), new ChainScenario(), new ScaleScenario(), new ArtifactsScenario(), new DispatchScenario(), new PeerScenario()];

    public async Task<IReadOnlyList<ResultRow>> RunAsync(CancellationToken cancellationToken)
    {
        var rows = new List<ResultRow>();
        foreach (var profileName in options.Profiles)
        {
            var profile = FarmProfile.Create(profileName);
            try
            {
                var context = new ScenarioContext(profile, options.Runs, options.Quick, progress);
                string? unavailable = null;
                foreach (var scenario in All.Where(s => options.Scenarios.Contains(s.Name)))
                {
                    if (unavailable is not null)
                    {
                        rows.Add(ResultRow.NotRun(scenario.Name, profile.Name, unavailable));
                        continue;
                    }
                    context.Say(scenario.Name, "starting");
                    try
                    {
                        rows.AddRange(await scenario.RunAsync(context, cancellationToken));
                    }
                    catch (BenchException e)
                    {
                        progress.WriteLine($"[{profile.Name}/{scenario.Name}] could not run: {e.Message}");
                        var reason = FirstLine(e.Message);
                        // A profile the server cannot start fails every scenario alike: say so once per scenario, try no more.
                        if (e.Message.Contains("exited at start", StringComparison.Ordinal)) unavailable = reason;
                        rows.Add(ResultRow.NotRun(scenario.Name, profile.Name, reason));
                    }
                }
            }
            finally
            {
                if (profile is IAsyncDisposable disposable) await disposable.DisposeAsync();
            }
        }
        return rows;
    }

    private static string FirstLine(string message) =>
        (message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? message).Trim().Replace("|", "/");
}
