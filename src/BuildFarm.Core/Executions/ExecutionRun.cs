using System.Text.Json.Serialization;
using BuildFarm.Core.Content;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Reports;
using BuildFarm.Core.Variables;

namespace BuildFarm.Core.Executions;

/// <summary>
/// The durable state of one execution and the rules that move it. Every method is a transition: it changes the
/// state and returns the effects the caller must carry out after persisting (enter or leave a stage's gate,
/// queue jobs). No I/O here; the execution grain loads, applies, persists, then sends. Stop, approvals, stage
/// conditions, retries, rollbacks and deadlines live in the other parts of this class.
/// </summary>
public sealed partial class ExecutionRun
{
    /// <summary>Attempts allowed for an action whose attempts end in infrastructure failures (agent lost, lease expired).</summary>
    public const int MaxInfrastructureAttempts = ActionRetryRule.DefaultMaxAttempts;

    public string Id { get; set; } = "";
    public string Pipeline { get; set; } = "";
    public int PipelineVersion { get; set; }
    public PipelineDefinition Definition { get; set; } = null!;
    public string Trigger { get; set; } = "";
    /// <summary>Structured form of <see cref="Trigger"/>; null for executions recorded before it existed.</summary>
    public ExecutionTrigger? TriggerInfo { get; set; }
    /// <summary>Source action name to the revision it must run; actions not listed run their configured branch head.</summary>
    public Dictionary<string, SourceRevision> SourceRevisions { get; set; } = [];
    public string Pool { get; set; } = "default";
    public ExecutionStatus Status { get; set; }
    public string? StatusSummary { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public Dictionary<string, string> Variables { get; set; } = [];
    public List<StageRun> Stages { get; set; } = [];
    public int CurrentStage { get; set; } = -1;
    /// <summary>Grows with every transition; watchers compare it.</summary>
    public long Revision { get; set; }

    /// <summary>Pins a definition version and resolves the pipeline variables: declared defaults, overridden by the start request.</summary>
    public static ExecutionRun Create(
        string id, int version, PipelineDefinition definition, IReadOnlyDictionary<string, string> overrides, string trigger, DateTimeOffset now)
    {
        var declared = definition.Variables.ToDictionary(v => v.Name);
        var problems = overrides.Keys.Where(k => !declared.ContainsKey(k))
            .Select(k => $"variable '{k}' is not declared by pipeline '{definition.Name}'" +
                         (declared.Count == 0 ? " (it declares none)" : $" (declared: {string.Join(", ", declared.Keys)})"))
            .ToList();
        var variables = new Dictionary<string, string>();
        foreach (var v in definition.Variables)
        {
            if (overrides.TryGetValue(v.Name, out var value)) variables[v.Name] = value;
            else if (v.DefaultValue is not null) variables[v.Name] = v.DefaultValue;
            else problems.Add($"variable '{v.Name}' has no default value; give it with --var {v.Name}=VALUE");
        }
        if (problems.Count > 0) throw new ExecutionRuleException(ExecutionRuleError.InvalidArgument, string.Join("; ", problems));

        return new ExecutionRun
        {
            Id = id,
            Pipeline = definition.Name,
            PipelineVersion = version,
            Definition = definition,
            Trigger = trigger,
            Status = ExecutionStatus.InProgress,
            CreatedAt = now,
            Variables = variables,
            Stages = definition.Stages.Select(s => new StageRun
            {
                Name = s.Name,
                Actions = s.Actions.Select(a => new ActionRun { Name = a.Name, RunOrder = a.RunOrder }).ToList(),
            }).ToList(),
        };
    }

    [JsonIgnore]
    public StageRun? CurrentStageRun => CurrentStage >= 0 && CurrentStage < Stages.Count ? Stages[CurrentStage] : null;

    /// <summary>Starts the execution: it waits to be admitted to its first stage.</summary>
    public ExecutionEffects Begin(DateTimeOffset now)
    {
        var effects = new ExecutionEffects();
        if (CurrentStage >= 0 || Status != ExecutionStatus.InProgress) return effects;
        StartedAt = now;
        if (Stages.Count == 0)
        {
            Finish(ExecutionStatus.Succeeded, "the pipeline has no stages", now, effects);
            return Changed(effects);
        }
        MoveToStage(RollbackOf?.StageIndex ?? 0, effects);
        return Changed(effects);
    }

    /// <summary>The stage's gate let the execution in. Idempotent: a repeated admission changes nothing.</summary>
    public ExecutionEffects StageAdmitted(int stageIndex, DateTimeOffset now)
    {
        var effects = new ExecutionEffects();
        if (Status != ExecutionStatus.InProgress || stageIndex != CurrentStage || Stages[stageIndex].Status != StageStatus.Waiting)
            return effects;
        var stage = Stages[stageIndex];
        stage.Status = StageStatus.InProgress;
        stage.StartedAt = now;
        stage.Reentering = false;
        if (StageDefinitionOf(stage).Condition(ConditionKind.BeforeEntry) is not null) StartCondition(stage, ConditionKind.BeforeEntry, now, effects);
        else Advance(now, effects);
        return Changed(effects);
    }

    /// <summary>A newer execution took this one's place in front of a stage.</summary>
    public ExecutionEffects Supersede(int stageIndex, string newerExecutionId, DateTimeOffset now)
    {
        var effects = new ExecutionEffects();
        if (Status != ExecutionStatus.InProgress || stageIndex != CurrentStage || Stages[stageIndex].Status != StageStatus.Waiting)
            return effects;
        Stages[stageIndex].Status = StageStatus.Cancelled;
        Status = ExecutionStatus.Superseded;
        StatusSummary = $"superseded by {newerExecutionId} while waiting to enter stage '{Stages[stageIndex].Name}'";
        FinishedAt = now;
        effects.Finished = true;
        return Changed(effects);
    }

    /// <summary>
    /// An agent asks for a queued job. Gives it a lease, or refuses when the job is no longer wanted
    /// (already leased, superseded by a later attempt, or the execution has ended).
    /// </summary>
    public JobSpec? GrantLease(string jobId, string agentId, string agentName, string leaseId, DateTimeOffset now, TimeSpan leaseTtl)
    {
        if (Status != ExecutionStatus.InProgress || FindJob(jobId) is not { } slot || slot.Attempt.Status != AttemptStatus.Queued)
            return null;
        var attempt = slot.Attempt;
        attempt.Status = AttemptStatus.InProgress;
        attempt.LeaseId = leaseId;
        attempt.AgentId = agentId;
        attempt.AgentName = agentName;
        attempt.StartedAt = now;
        attempt.LeaseDeadline = now + leaseTtl;
        attempt.TimeoutAt = now + ServerTimeout(TimeoutOf(slot));
        Revision++;
        if (slot.Rule is not null) return RuleJobSpec(slot, leaseId);
        if (slot.Batch is not null) return ChildJobSpec(slot, leaseId);

        slot.Action!.Status = ActionStatus.InProgress;
        return ActionJobSpec(slot.Stage, slot.Action, attempt, attempt, leaseId);
    }

    /// <summary>
    /// An action's job under the lease of <paramref name="leased"/>, with the configuration, commands and inputs resolved
    /// for <paramref name="resolved"/> (the same attempt, or the attempt that holds a batch build).
    /// </summary>
    private JobSpec ActionJobSpec(StageRun stage, ActionRun action, ActionAttempt leased, ActionAttempt resolved, string leaseId)
    {
        var definition = DefinitionOf(stage, action);
        return new JobSpec
        {
            ExecutionId = Id,
            JobId = leased.JobId,
            LeaseId = leaseId,
            LeaseDeadline = leased.LeaseDeadline!.Value,
            Pipeline = Pipeline,
            Stage = stage.Name,
            Action = action.Name,
            Attempt = resolved.Number,
            Category = definition.Category,
            Provider = definition.Provider,
            Configuration = resolved.ResolvedConfiguration,
            Commands = resolved.ResolvedCommands,
            Inputs = resolved.Inputs,
            Outputs = definition.OutputArtifacts,
            OutputVariables = definition.OutputVariables,
            Environment = Variables,
            Timeout = definition.Timeout,
        };
    }

    /// <summary>Extends live leases; answers the ones that are no longer live, which the agent must cancel.</summary>
    public IReadOnlyList<string> RenewLeases(IEnumerable<LeaseRef> leases, DateTimeOffset now, TimeSpan leaseTtl)
    {
        var dead = new List<string>();
        foreach (var lease in leases)
        {
            if (FindJob(lease.JobId) is { Attempt: { } attempt } && attempt.Status == AttemptStatus.InProgress && attempt.LeaseId == lease.LeaseId
                && !Status.IsTerminal())
                attempt.LeaseDeadline = now + leaseTtl;
            else
                dead.Add(lease.LeaseId);
        }
        return dead;
    }

    /// <summary>
    /// Accepts the result of a live lease, or refuses it with the reason. The first result for a live lease wins;
    /// a result for an expired or replaced lease is refused, so a lost agent that comes back changes nothing.
    /// </summary>
    public (ExecutionEffects Effects, string? Refusal) Complete(string jobId, string leaseId, JobResult result, DateTimeOffset now)
    {
        var effects = new ExecutionEffects();
        if (FindJob(jobId) is not { } slot)
            return (effects, $"job '{jobId}' does not belong to execution '{Id}' or is not its action's current attempt");
        var (stage, attempt) = (slot.Stage, slot.Attempt);
        if (attempt.LeaseId != leaseId)
            return (effects, $"lease '{leaseId}' is not the lease of job '{jobId}'");
        if (attempt.Status != AttemptStatus.InProgress)
            return (effects, $"lease '{leaseId}' of job '{jobId}' is no longer live (the attempt is {attempt.Status}" +
                             (attempt.Message is null ? ")" : $": {attempt.Message})"));

        attempt.FinishedAt = now;
        attempt.ReportedStartedAt = result.StartedAt;
        attempt.ExitCode = result.ExitCode;
        attempt.Reports = result.Reports.ToList();
        if (slot.Rule is { } rule)
        {
            CompleteRuleJob(slot, rule, result, now, effects);
            if (!Status.IsTerminal()) Advance(now, effects);
            return (Changed(effects), null);
        }
        var action = slot.Action!;
        var definition = DefinitionOf(stage, action);
        var planned = slot.Batch is null && result is { Succeeded: true, Batch: not null } && definition.Provider == ProviderCatalog.Buildspec.Name;
        if (planned || slot.Batch is not null)
        {
            if (planned) StartBatch(stage, action, attempt, result.Batch!, now, effects);
            else CompleteChild(slot, result, now, effects);
            if (!Status.IsTerminal()) Advance(now, effects);
            return (Changed(effects), null);
        }
        var missing = definition.OutputArtifacts.Select(o => o.Name).Where(n => !result.Outputs.ContainsKey(n)).ToList();
        if (result.Succeeded && missing.Count > 0)
            result = JobResult.Failure(ErrorKind.ArtifactError, $"the job did not report its declared output artifact(s): {string.Join(", ", missing)}")
                with { ExitCode = result.ExitCode };

        if (result.Succeeded)
        {
            Succeed(stage, action, attempt, result.Outputs, result.OutputVariables, now, effects);
        }
        else
        {
            FailAttempt(stage, action, attempt, result.ErrorKind == ErrorKind.None ? ErrorKind.CommandFailed : result.ErrorKind,
                result.Message ?? "the job failed", now, effects);
        }
        if (!Status.IsTerminal()) Advance(now, effects);
        return (Changed(effects), null);
    }

    /// <summary>Fails every in-progress attempt whose lease has run out (its agent stopped renewing it).</summary>
    public ExecutionEffects ExpireLeases(DateTimeOffset now)
    {
        var effects = new ExecutionEffects();
        if (Status.IsTerminal()) return effects;
        var expired = false;
        foreach (var slot in CurrentJobs().ToList())
        {
            if (slot.Attempt is { Status: AttemptStatus.InProgress, LeaseDeadline: { } deadline } attempt && deadline < now)
            {
                attempt.FinishedAt = now;
                FailJob(slot, ErrorKind.LeaseExpired,
                    $"lease expired at {deadline:O}: agent '{attempt.AgentName}' stopped renewing it (lost or cut off)", now, effects);
                expired = true;
            }
        }
        if (!expired) return effects;
        Advance(now, effects);
        return Changed(effects);
    }

    /// <summary>The earliest lease deadline of the running attempts, for the caller's expiry timer.</summary>
    public DateTimeOffset? NextLeaseDeadline() =>
        CurrentJobs().Select(j => j.Attempt)
            .Where(a => a is { Status: AttemptStatus.InProgress, LeaseDeadline: not null })
            .Min(a => a.LeaseDeadline);

    /// <summary>Tickets for every queued attempt, to put back in the queue after a restart (the queue is not durable).</summary>
    public IReadOnlyList<JobTicket> QueuedTickets() =>
        Status != ExecutionStatus.InProgress
            ? []
            : CurrentJobs().Where(j => j.Attempt.Status == AttemptStatus.Queued)
                .Select(j => j.Rule is null ? TicketFor(DefinitionOf(j.Stage, j.Action!), j.Attempt.JobId) : new JobTicket(Id, j.Attempt.JobId, Pool))
                .ToList();

    /// <summary>Gives a recovering execution's running leases a fresh deadline, so their agents can renew them.</summary>
    public void ExtendLeasesAfterRecovery(DateTimeOffset now, TimeSpan leaseTtl)
    {
        foreach (var attempt in CurrentJobs().Select(j => j.Attempt))
            if (attempt is { Status: AttemptStatus.InProgress } && attempt.LeaseDeadline < now + leaseTtl)
                attempt.LeaseDeadline = now + leaseTtl;
    }

    private void FailAttempt(StageRun stage, ActionRun action, ActionAttempt attempt, ErrorKind kind, string message, DateTimeOffset now, ExecutionEffects effects)
    {
        attempt.Status = AttemptStatus.Failed;
        attempt.ErrorKind = kind;
        attempt.Message = message;
        var rule = DefinitionOf(stage, action).Retry ?? ActionRetryRule.Default;
        if (Status == ExecutionStatus.InProgress && RetryReason(rule, attempt, action.Attempts.Count - action.AttemptsBeforeRetry) is { } reason)
        {
            attempt.RetryReason = reason;
            QueueAttempt(stage, action, now, effects);
            return;
        }
        action.Status = ActionStatus.Failed;
    }

    /// <summary>Runs the stage forward: queue the next runOrder group, or end the stage when nothing is left to run.</summary>
    private void Advance(DateTimeOffset now, ExecutionEffects effects)
    {
        if (CurrentStageRun is not { Status: StageStatus.InProgress } stage) return;
        AdvanceBatches(stage, now, effects);
        if (Status == ExecutionStatus.Stopping)
        {
            CompleteStopIfIdle(stage, now, effects);
            return;
        }
        if (ActiveCondition(stage) is { } condition)
        {
            AdvanceCondition(stage, condition, now, effects);
            return;
        }
        var inFlight = stage.Actions.Any(a => a.Status is ActionStatus.Queued or ActionStatus.InProgress);
        var failed = stage.Actions.FirstOrDefault(a => a.Status == ActionStatus.Failed);
        if (inFlight) return;
        if (failed is not null)
        {
            ActionsFailed(stage, $"stage '{stage.Name}' failed: action '{failed.Name}': {failed.CurrentAttempt?.Message}", now, effects);
            return;
        }
        var pending = stage.Actions.Where(a => a.Status == ActionStatus.Pending).ToList();
        if (pending.Count == 0)
        {
            if (StageDefinitionOf(stage).Condition(ConditionKind.OnSuccess) is not null) StartCondition(stage, ConditionKind.OnSuccess, now, effects);
            else CompleteStage(stage, now, effects);
            return;
        }
        var group = pending.Min(a => a.RunOrder);
        foreach (var action in pending.Where(a => a.RunOrder == group))
            QueueAttempt(stage, action, now, effects);
        // Queuing can fail an action at once (a variable that cannot be resolved): look again.
        if (!stage.Actions.Any(a => a.Status is ActionStatus.Queued or ActionStatus.InProgress)) Advance(now, effects);
    }

    /// <summary>The stage succeeded: leave its gate (recording the success), then the next stage or the end.</summary>
    private void CompleteStage(StageRun stage, DateTimeOffset now, ExecutionEffects effects)
    {
        stage.Status = StageStatus.Succeeded;
        stage.FinishedAt = now;
        effects.LeaveStage = CurrentStage;
        effects.LeftSucceeded = Type == ExecutionType.Standard;
        MoveOn(now, effects);
    }

    /// <summary>To the next stage; a rollback runs its one stage only.</summary>
    private void MoveOn(DateTimeOffset now, ExecutionEffects effects)
    {
        if (RollbackOf is null && CurrentStage + 1 < Stages.Count) MoveToStage(CurrentStage + 1, effects);
        else Finish(ExecutionStatus.Succeeded, null, now, effects);
    }

    private void FailStage(StageRun stage, string summary, DateTimeOffset now, ExecutionEffects effects)
    {
        stage.Status = StageStatus.Failed;
        stage.FinishedAt = now;
        stage.StatusSummary = summary;
        effects.LeaveStage = CurrentStage;
        Finish(ExecutionStatus.Failed, summary, now, effects);
    }

    private void QueueAttempt(StageRun stage, ActionRun action, DateTimeOffset now, ExecutionEffects effects)
    {
        var definition = DefinitionOf(stage, action);
        var number = action.Attempts.Count + 1;
        var attempt = new ActionAttempt
        {
            Number = number,
            JobId = new JobId(Id, stage.Name, action.Name, number).ToString(),
            Status = AttemptStatus.Queued,
            QueuedAt = now,
        };
        action.Attempts.Add(attempt);
        if (Prepare(attempt, definition.InputArtifacts, definition.Configuration, definition.Commands, "action", now) is { } problem)
        {
            action.Inputs = attempt.Inputs;
            attempt.Message = problem;
            action.Status = ActionStatus.Failed;
            return;
        }
        if (Stages.IndexOf(stage) == 0 && SourceRevisions.TryGetValue(action.Name, out var revision))
            foreach (var (key, value) in revision.Configuration) attempt.ResolvedConfiguration[key] = value;
        action.Inputs = attempt.Inputs;
        if (definition.IsApproval)
        {
            RequestApproval(action, attempt, definition, now);
            return;
        }
        action.Status = ActionStatus.Queued;
        if (CacheLookupFor(stage, action, definition, attempt) is { } lookup) effects.CacheLookups.Add(lookup);
        else effects.Enqueue.Add(TicketFor(definition, attempt.JobId));
    }

    /// <summary>
    /// Gives a new attempt its input digests and resolved configuration and commands. Answers why it cannot run
    /// (an input not produced, a variable not published), having failed the attempt; null when it can.
    /// </summary>
    private string? Prepare(ActionAttempt attempt, IReadOnlyList<string> inputs, IReadOnlyDictionary<string, string> configuration,
        IReadOnlyList<string> commands, string what, DateTimeOffset now)
    {
        var missing = inputs.Where(name => ArtifactDigest(name) is null).ToList();
        attempt.Inputs = inputs.Select(name => ArtifactDigest(name) is { } digest ? new ArtifactRef(name, digest) : null).OfType<ArtifactRef>().ToList();
        var unresolved = new List<VariableReference>();
        attempt.ResolvedConfiguration = configuration.ToDictionary(kv => kv.Key, kv => VariableReferences.Resolve(kv.Value, LookUp, unresolved));
        attempt.ResolvedCommands = commands.Select(c => VariableReferences.Resolve(c, LookUp, unresolved)).ToList();
        string? problem = null;
        if (missing.Count > 0)
            problem = $"input artifact(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} were not produced in this execution " +
                      $"({string.Join("; ", missing.Select(WhyNotProduced))})";
        else if (unresolved.Count > 0)
            problem = "cannot resolve " + string.Join(", ", unresolved.Distinct().Select(r => r.ToString())) +
                      $": no such variable was published before this {what}";
        if (problem is null) return null;
        attempt.Status = AttemptStatus.Failed;
        attempt.FinishedAt = now;
        attempt.ErrorKind = ErrorKind.ConfigurationError;
        attempt.Message = problem;
        return problem;
    }

    private Digest? ArtifactDigest(string name) =>
        Stages.SelectMany(s => s.Actions).SelectMany(a => a.Outputs).FirstOrDefault(o => o.Name == name)?.Digest;

    private string WhyNotProduced(string artifact)
    {
        for (var s = 0; s < Stages.Count; s++)
            if (Definition.Stages[s].Actions.Any(a => a.OutputArtifacts.Any(o => o.Name == artifact)))
                return $"'{artifact}' comes from stage '{Stages[s].Name}', which is {Stages[s].Status}" +
                       (Stages[s].StatusSummary is { } why ? $": {why}" : "");
        return $"no action outputs '{artifact}'";
    }

    private string? LookUp(VariableReference r) => r.Namespace switch
    {
        VariableReferences.PipelineVariables => Variables.GetValueOrDefault(r.Name),
        VariableReferences.Pipeline => r.Name switch
        {
            "ExecutionId" => Id,
            "Name" => Pipeline,
            "Version" => PipelineVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        },
        VariableReferences.CodePipeline => r.Name switch
        {
            "PipelineExecutionId" => Id,
            "PipelineName" => Pipeline,
            _ => null,
        },
        _ => NamespaceValue(r),
    };

    private string? NamespaceValue(VariableReference r)
    {
        for (var s = 0; s < Stages.Count; s++)
            for (var a = 0; a < Stages[s].Actions.Count; a++)
                if (Definition.Stages[s].Actions[a].Namespace == r.Namespace)
                    return Stages[s].Actions[a].OutputVariables.GetValueOrDefault(r.Name);
        return null;
    }

    private void MoveToStage(int index, ExecutionEffects effects)
    {
        CurrentStage = index;
        Stages[index].Status = StageStatus.Waiting;
        effects.EnterStage = index;
    }

    private StageDefinition StageDefinitionOf(StageRun stage) => Definition.Stages[Stages.IndexOf(stage)];

    private void Finish(ExecutionStatus status, string? summary, DateTimeOffset now, ExecutionEffects effects)
    {
        Status = status;
        StatusSummary = summary;
        FinishedAt = now;
        effects.Finished = true;
    }

    private ExecutionEffects Changed(ExecutionEffects effects)
    {
        Revision++;
        return effects;
    }

    private ActionDefinition DefinitionOf(StageRun stage, ActionRun action) =>
        Definition.Stages[Stages.IndexOf(stage)].Actions[stage.Actions.IndexOf(action)];
}

/// <summary>What the execution grain must do after persisting a transition.</summary>
public sealed partial class ExecutionEffects
{
    public int? LeaveStage { get; set; }
    public int? EnterStage { get; set; }
    public List<JobTicket> Enqueue { get; } = [];
    public bool Finished { get; set; }
    /// <summary>The stage left (<see cref="LeaveStage"/>) was passed successfully: its gate records it as the last good execution.</summary>
    public bool LeftSucceeded { get; set; }
    /// <summary>The stage to enter (<see cref="EnterStage"/>) is entered again for a retry, past its transition and its queue.</summary>
    public bool Reenter { get; set; }
    /// <summary>A stage whose onFailure or onSuccess asked for a rollback: the grain starts the rollback execution.</summary>
    public int? StartRollback { get; set; }

    public bool IsEmpty => LeaveStage is null && EnterStage is null && Enqueue.Count == 0 && !Finished && StartRollback is null && !HasGrainWork;
}

public sealed class StageRun
{
    public string Name { get; set; } = "";
    public StageStatus Status { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public List<ActionRun> Actions { get; set; } = [];
    /// <summary>Why it ended as it did (failed, skipped, stopped), when its actions do not say it.</summary>
    public string? StatusSummary { get; set; }
    public List<StageRetryRecord> Retries { get; set; } = [];
    /// <summary>Every condition evaluation, oldest first.</summary>
    public List<ConditionRun> Conditions { get; set; } = [];
    /// <summary>Waiting to enter its gate again for a retry.</summary>
    public bool Reentering { get; set; }
}

public sealed class ActionRun
{
    public string Name { get; set; } = "";
    public int RunOrder { get; set; }
    public ActionStatus Status { get; set; }
    public List<ActionAttempt> Attempts { get; set; } = [];
    public List<ArtifactRef> Inputs { get; set; } = [];
    public List<ArtifactRef> Outputs { get; set; } = [];
    public Dictionary<string, string> OutputVariables { get; set; } = [];
    /// <summary>Attempts made before the stage's latest retry; retry rules count the attempts after them.</summary>
    public int AttemptsBeforeRetry { get; set; }

    [JsonIgnore]
    public ActionAttempt? CurrentAttempt => Attempts.Count == 0 ? null : Attempts[^1];
}

/// <summary>One job of one action: every attempt is kept, so the history shows each try and where it ran.</summary>
public sealed partial class ActionAttempt
{
    public int Number { get; set; }
    public string JobId { get; set; } = "";
    public AttemptStatus Status { get; set; }
    public string? LeaseId { get; set; }
    public DateTimeOffset? LeaseDeadline { get; set; }
    public string? AgentId { get; set; }
    public string? AgentName { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    /// <summary>When the lease was granted.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    /// <summary>When the agent says its process started (from the agent's clock).</summary>
    public DateTimeOffset? ReportedStartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int? ExitCode { get; set; }
    public ErrorKind ErrorKind { get; set; }
    public string? Message { get; set; }
    public Dictionary<string, string> ResolvedConfiguration { get; set; } = [];
    public List<string> ResolvedCommands { get; set; } = [];
    /// <summary>Test reports of this attempt: counts only; the cases are a blob in the content store.</summary>
    public List<TestReportSummary> Reports { get; set; } = [];
    public List<ArtifactRef> Inputs { get; set; } = [];
    public List<ArtifactRef> Outputs { get; set; } = [];
    public Dictionary<string, string> OutputVariables { get; set; } = [];
    /// <summary>For a manual approval: the request and its answer.</summary>
    public ApprovalRecord? Approval { get; set; }
    /// <summary>Why another attempt followed this failed one (which retry rule matched).</summary>
    public string? RetryReason { get; set; }
    /// <summary>When the server ends the job itself if its agent has not (the job's timeout plus a margin).</summary>
    public DateTimeOffset? TimeoutAt { get; set; }
}

public sealed record ArtifactRef(string Name, Digest Digest);
