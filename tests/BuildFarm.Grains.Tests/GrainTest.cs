using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

/// <summary>
/// What the semantics tests share: applying declarations under fresh names, starting, reading runs and gates. The
/// tests of the collection share one job queue, so whatever a test leaves running is abandoned when it ends: a
/// failed test must not hand its jobs to the next one.
/// </summary>
public abstract class GrainTest(FarmCluster farm, string agentName) : IAsyncLifetime
{
    private readonly List<string> pipelines = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var pipeline in pipelines)
            foreach (var id in await Pipeline(pipeline).ListExecutionIdsAsync(100))
                if (!(await RunOf(id)).Status.IsTerminal())
                    await Execution(id).StopAsync(true, "test cleanup", null);
    }

    protected FarmCluster Farm { get; } = farm;
    protected TestAgent Agent { get; } = new(farm.Grains, agentName);

    protected IPipelineGrain Pipeline(string name) => Farm.Grains.GetGrain<IPipelineGrain>(name);
    protected IExecutionGrain Execution(string id) => Farm.Grains.GetGrain<IExecutionGrain>(id);
    protected IStageGrain Stage(string pipeline, string stage) => Farm.Grains.GetGrain<IStageGrain>(IStageGrain.KeyOf(pipeline, stage));
    protected Task<ExecutionRun> RunOf(string id) => Execution(id).GetAsync();

    /// <summary>Applies the YAML under a fresh name (the YAML's own name is replaced); answers that name.</summary>
    protected async Task<string> ApplyAsync(string prefix, string yaml)
    {
        var definition = Pipelines.FromYaml(Pipelines.UniqueName(prefix), yaml);
        await Pipeline(definition.Name).ApplyAsync(definition, "test");
        pipelines.Add(definition.Name);
        return definition.Name;
    }

    protected async Task<string> StartAsync(string pipeline, Dictionary<string, string>? variables = null) =>
        (await Pipeline(pipeline).StartManualAsync(new ManualStart { Variables = variables ?? [], Trigger = "test" })).ExecutionId;

    protected Task<ExecutionRun> EndOfAsync(string id) =>
        Eventually.ReachAsync(() => RunOf(id), r => r.Status.IsTerminal(), $"execution {id} ends");

    protected Task<ExecutionRun> UntilAsync(string id, Func<ExecutionRun, bool> condition, string what) =>
        Eventually.ReachAsync(() => RunOf(id), condition, what);

    /// <summary>Runs jobs to success until the executions end (each job must belong to one of them).</summary>
    protected async Task<ExecutionRun> SucceedAllAsync(params string[] ids)
    {
        while ((await Task.WhenAll(ids.Select(RunOf))).Any(r => !r.Status.IsTerminal()))
        {
            var jobs = await Agent.AcquireAsync(waitSeconds: 0.5);
            foreach (var job in jobs)
            {
                Assert.Contains(job.ExecutionId, ids);
                await Agent.SucceedAsync(job);
            }
        }
        return await RunOf(ids[0]);
    }

    protected static async Task<FarmException> RefusedAsync(Func<Task> call, FarmErrorCode code)
    {
        var refused = await Assert.ThrowsAsync<FarmException>(call);
        Assert.Equal(code, refused.Code);
        return refused;
    }

    protected const string TwoStages = """
        name: x
        executionMode: MODE
        stages:
          - name: Build
            actions:
              - {name: Compile, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: ["**"]}]}
          - name: Deploy
            actions:
              - {name: Ship, category: Build, provider: Commands, commands: [ship], inputArtifacts: [bin]}
        """;

    protected static string TwoStagesIn(ExecutionMode mode) => TwoStages.Replace("MODE", ExecutionModes.NameOf(mode));
}
