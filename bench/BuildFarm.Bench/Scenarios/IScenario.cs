using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>One scenario of the suite: starts the farm it needs, measures it and its baseline, returns its rows.</summary>
public interface IScenario
{
    string Name { get; }

    Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
