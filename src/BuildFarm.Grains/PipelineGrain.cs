using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;
using BuildFarm.Core.Triggers;

namespace BuildFarm.Grains;

[GenerateSerializer, Alias("pipeline-state")]
public sealed class PipelineState
{
    [Id(0)] public List<PipelineVersionRecord> Versions { get; set; } = [];
    [Id(1)] public bool Deleted { get; set; }
    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Kept apart from the declarations so that starting an execution does not rewrite every version.</summary>
[GenerateSerializer, Alias("pipeline-executions-state")]
public sealed class PipelineExecutionsState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<string> ExecutionIds { get; set; } = [];

    /// <summary>Rollbacks asked for by executions' conditions: <c>execution/stage</c> to the rollback execution, so a repeated ask starts none.</summary>
    [Id(1)] public Dictionary<string, string> AutomatedRollbacks { get; set; } = [];
}

public sealed partial class PipelineGrain(
    [PersistentState("pipeline", FarmGrainOptions.StorageName)] IPersistentState<PipelineState> pipeline,
    [PersistentState("pipeline-executions", FarmGrainOptions.StorageName)] IPersistentState<PipelineExecutionsState> executions,
    IGrainFactory grains,
    TimeProvider time) : Grain, IPipelineGrain
{
    private string Name => this.GetPrimaryKeyString();

    private PipelineVersionRecord? Latest => pipeline.State.Deleted || pipeline.State.Versions.Count == 0 ? null : pipeline.State.Versions[^1];

    public async Task<ApplyOutcome> ApplyAsync(PipelineDefinition definition, string appliedBy)
    {
        if (definition.Name != Name)
            throw FarmException.Invalid($"the declaration is named '{definition.Name}' but was sent to pipeline '{Name}'");
        var problems = DefinitionValidator.Validate(definition);
        if (problems.Count > 0)
            throw FarmException.Invalid(
                $"pipeline '{Name}' is not valid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}): " + string.Join("; ", problems),
                problems);
        if (Latest is { } latest && latest.Definition.SameAs(definition)) return new ApplyOutcome(latest.Version, Changed: false);
        if (definition.Triggers.Any(t => t.Upstream is not null)
            && UpstreamCycles.Find(definition, await UpstreamEdgesAsync()) is { Count: > 0 } loops)
            throw FarmException.Invalid($"pipeline '{Name}' is not valid: " + string.Join("; ", loops), loops);

        var now = time.GetUtcNow();
        var version = pipeline.State.Versions.Count == 0 ? 1 : pipeline.State.Versions[^1].Version + 1;
        pipeline.State.Versions.Add(new PipelineVersionRecord { Version = version, Definition = definition, AppliedAt = now, AppliedBy = appliedBy });
        pipeline.State.Deleted = false;
        pipeline.State.UpdatedAt = now;
        await pipeline.WriteStateAsync();
        await grains.Get<ICatalogGrain>(CatalogKeys.Pipelines).AddAsync(Name);
        await grains.Get<IPipelineTriggersGrain>(Name).ConfigureAsync(definition);
        return new ApplyOutcome(version, Changed: true);
    }

    /// <summary>The registered upstream edges reachable from this pipeline: what its success starts, and so on.</summary>
    private async Task<Dictionary<string, IReadOnlyList<string>>> UpstreamEdgesAsync()
    {
        var edges = new Dictionary<string, IReadOnlyList<string>>();
        var queue = new Queue<string>([Name]);
        while (queue.TryDequeue(out var pipeline))
        {
            var next = await grains.Get<IPipelineHooksGrain>(pipeline).ListDownstreamAsync();
            edges[pipeline] = next;
            foreach (var downstream in next)
                if (!edges.ContainsKey(downstream) && !queue.Contains(downstream)) queue.Enqueue(downstream);
        }
        return edges;
    }

    public Task<PipelineVersionRecord> GetAsync(int version)
    {
        var latest = Latest ?? throw FarmException.NotFound($"pipeline '{Name}' does not exist");
        var record = version == 0 ? latest : pipeline.State.Versions.FirstOrDefault(v => v.Version == version)
            ?? throw FarmException.NotFound($"pipeline '{Name}' has no version {version} (versions 1..{latest.Version})");
        return Task.FromResult(record with { LatestVersion = latest.Version });
    }

    public Task<PipelineSummary?> GetSummaryAsync() => Task.FromResult(Latest is not { } latest ? null : new PipelineSummary
    {
        Name = Name,
        LatestVersion = latest.Version,
        UpdatedAt = pipeline.State.UpdatedAt,
        StageCount = latest.Definition.Stages.Count,
        ActionCount = latest.Definition.Stages.Sum(s => s.Actions.Count),
        LastExecutionId = executions.State.ExecutionIds.LastOrDefault(),
    });

    public async Task DeleteAsync()
    {
        if (Latest is null) throw FarmException.NotFound($"pipeline '{Name}' does not exist");
        pipeline.State.Deleted = true;
        pipeline.State.UpdatedAt = time.GetUtcNow();
        await pipeline.WriteStateAsync();
        await grains.Get<ICatalogGrain>(CatalogKeys.Pipelines).RemoveAsync(Name);
        await grains.Get<IPipelineTriggersGrain>(Name).ConfigureAsync(null);
    }

    public Task<StartedExecution> StartManualAsync(ManualStart start) =>
        StartAsync(ExecutionIds.New(), start.Variables, start.Trigger, new ExecutionTrigger { Type = TriggerType.Manual, Detail = start.Trigger }, [], start.NoCache);

    public async Task<StartedExecution> StartTriggeredAsync(TriggeredStart start)
    {
        if (executions.State.ExecutionIds.Contains(start.ExecutionId))
            return new StartedExecution(start.ExecutionId, (await grains.Get<IExecutionGrain>(start.ExecutionId).GetSummaryAsync()).PipelineVersion);
        var summary = start.Trigger.Type == TriggerType.Manual ? start.Trigger.Detail : $"{start.Trigger.Type}: {start.Trigger.Detail}";
        return await StartAsync(start.ExecutionId, start.Variables, summary, start.Trigger, start.SourceRevisions);
    }

    private async Task<StartedExecution> StartAsync(
        string id, Dictionary<string, string> variables, string trigger, ExecutionTrigger triggerInfo, Dictionary<string, SourceRevision> revisions,
        bool noCache = false)
    {
        var latest = Latest ?? throw FarmException.NotFound($"pipeline '{Name}' does not exist; apply it first (farm pipeline apply -f FILE)");
        ExecutionRun run;
        try
        {
            run = ExecutionRun.Create(id, latest.Version, latest.Definition, variables, trigger, time.GetUtcNow());
        }
        catch (ExecutionRuleException e)
        {
            throw FarmException.Invalid(e.Message);
        }
        run.TriggerInfo = triggerInfo;
        run.SourceRevisions = revisions;
        run.NoCache = noCache;
        // The execution is the durable record; the index is written after it, so it never names a missing execution.
        await grains.Get<IExecutionGrain>(run.Id).StartAsync(new(run));
        executions.State.ExecutionIds.Add(run.Id);
        await executions.WriteStateAsync();
        return new StartedExecution(run.Id, latest.Version);
    }

    public Task<IReadOnlyList<string>> ListExecutionIdsAsync(int limit) =>
        Task.FromResult<IReadOnlyList<string>>(executions.State.ExecutionIds.AsEnumerable().Reverse().Take(limit).ToList());
}
