namespace BuildFarm.Server.Security;

/// <summary>Who may call which method: one table for the whole API, so no method is left open by accident.</summary>
public static class MethodAccess
{
    private static readonly CallerKind[] Viewers = [CallerKind.Admin, CallerKind.Operator, CallerKind.Viewer];
    private static readonly CallerKind[] Operators = [CallerKind.Admin, CallerKind.Operator];
    private static readonly CallerKind[] Agents = [CallerKind.Agent];

    private static readonly Dictionary<string, CallerKind[]> Rules = new()
    {
        ["/buildfarm.v1.Pipelines/ApplyPipeline"] = Operators,
        ["/buildfarm.v1.Pipelines/ValidatePipeline"] = Viewers,
        ["/buildfarm.v1.Pipelines/ListPipelines"] = Viewers,
        ["/buildfarm.v1.Pipelines/GetPipeline"] = Viewers,
        ["/buildfarm.v1.Pipelines/DeletePipeline"] = Operators,
        ["/buildfarm.v1.Pipelines/DisableStageTransition"] = Operators,
        ["/buildfarm.v1.Pipelines/EnableStageTransition"] = Operators,
        ["/buildfarm.v1.Pipelines/GetPipelineState"] = Viewers,
        ["/buildfarm.v1.Executions/StartExecution"] = Operators,
        ["/buildfarm.v1.Executions/ListExecutions"] = Viewers,
        ["/buildfarm.v1.Executions/GetExecution"] = Viewers,
        ["/buildfarm.v1.Executions/WatchExecution"] = Viewers,
        ["/buildfarm.v1.Executions/ListArtifacts"] = Viewers,
        ["/buildfarm.v1.Executions/StopExecution"] = Operators,
        ["/buildfarm.v1.Executions/RetryStage"] = Operators,
        ["/buildfarm.v1.Executions/PutApprovalResult"] = Operators,
        ["/buildfarm.v1.Executions/RollbackStage"] = Operators,
        ["/buildfarm.v1.Logs/ReadLog"] = Viewers,
        ["/buildfarm.v1.Triggers/ListTriggers"] = Viewers,
        ["/buildfarm.v1.Secrets/SetSecret"] = [CallerKind.Admin],
        ["/buildfarm.v1.Secrets/ListSecrets"] = [CallerKind.Admin],
        ["/buildfarm.v1.Secrets/DeleteSecret"] = [CallerKind.Admin],
        ["/buildfarm.v1.Agents/Register"] = [CallerKind.Registration],
        ["/buildfarm.v1.Agents/Acquire"] = Agents,
        ["/buildfarm.v1.Agents/Heartbeat"] = Agents,
        ["/buildfarm.v1.Agents/AppendLog"] = Agents,
        ["/buildfarm.v1.Agents/Complete"] = Agents,
        ["/buildfarm.v1.Agents/ListAgents"] = Viewers,
        ["/buildfarm.v1.Agents/GetBuildContext"] = Agents,
        ["/buildfarm.v1.Agents/PutBuildCache"] = Agents,
        ["/buildfarm.v1.ContentStore/FindMissingBlobs"] = [.. Agents, .. Operators],
        ["/buildfarm.v1.ContentStore/BatchUpdateBlobs"] = [.. Agents, .. Operators],
        ["/buildfarm.v1.ContentStore/Write"] = [.. Agents, .. Operators],
        ["/buildfarm.v1.ContentStore/BatchReadBlobs"] = [.. Agents, .. Viewers],
        ["/buildfarm.v1.ContentStore/Read"] = [.. Agents, .. Viewers],
    };

    /// <summary>The callers allowed on a method; empty for a method missing from the table (refused).</summary>
    public static IReadOnlyList<CallerKind> AllowedOn(string method) => Rules.TryGetValue(method, out var kinds) ? kinds : [];

    public static IEnumerable<string> Methods => Rules.Keys;
}
