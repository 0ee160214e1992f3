using System.Text;
using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;
using BuildFarm.Core.Tests.Definitions;

namespace BuildFarm.Core.Tests.Executions;

/// <summary>Drives an <see cref="ExecutionRun"/> the way the execution grain and an agent would, with a clock the test moves.</summary>
internal sealed class RunDriver
{
    public static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);

    /// <summary>Three stages; Build has two runOrder groups; variables and artifacts flow from earlier actions to later ones.</summary>
    public const string ThreeStages = """
        name: app
        variables: [{name: Env, defaultValue: dev}]
        stages:
          - name: Source
            actions:
              - {name: checkout, category: Source, provider: Folder, configuration: {Path: /repo}, outputArtifacts: [src]}
          - name: Build
            actions:
              - name: compile
                category: Build
                provider: Commands
                commands: [make]
                inputArtifacts: [src]
                outputArtifacts: [{name: bin, files: [out/**]}]
                namespace: build
                outputVariables: [VERSION]
              - {name: lint, category: Test, provider: Commands, commands: [lint], inputArtifacts: [src]}
              - {name: unit, category: Test, provider: Commands, runOrder: 2, commands: ["test v#{build.VERSION}"], inputArtifacts: [bin]}
          - name: Deploy
            actions:
              - name: ship
                category: Compute
                provider: Commands
                configuration: {WorkingDirectory: "release-#{build.VERSION}"}
                commands: ["ship #{variables.Env} #{pipeline.ExecutionId} #{codepipeline.PipelineExecutionId} #{pipeline.Name} #{pipeline.Version}"]
                inputArtifacts: [bin]
        """;

    private int _leases;

    public ExecutionRun Run { get; set; }
    public DateTimeOffset Now { get; set; } = Start;

    public RunDriver(string yaml = ThreeStages, IReadOnlyDictionary<string, string>? variables = null, bool cache = false)
    {
        var definition = Examples.Parse(yaml);
        Assert.Empty(DefinitionValidator.Validate(definition));
        Run = ExecutionRun.Create("exec-1", 7, definition, variables ?? new Dictionary<string, string>(), "manual", Start);
        // These tests follow the flow of jobs; the action cache has its own (ActionCacheRunTests), with lookups on.
        Run.NoCache = !cache;
    }

    public static Digest DigestOf(string artifact) => Digest.Of(Encoding.UTF8.GetBytes("content of " + artifact));

    public static string JobId(string stage, string action, int attempt = 1) => new JobId("exec-1", stage, action, attempt).ToString();

    /// <summary>Begins and admits the first stage; answers the jobs it queued.</summary>
    public ExecutionEffects BeginAndAdmit()
    {
        Assert.Equal(0, Run.Begin(Now).EnterStage);
        return Run.StageAdmitted(0, Now);
    }

    /// <summary>Runs the Source stage to success and admits Build, whose first group (compile, lint) it answers queued.</summary>
    public ExecutionEffects ThroughSourceToBuild()
    {
        Succeed(Lease(Assert.Single(BeginAndAdmit().Enqueue)));
        return Run.StageAdmitted(1, Now);
    }

    public JobSpec Lease(string jobId, string agent = "agent-1")
    {
        var job = Run.GrantLease(jobId, agent, agent + "-name", $"lease-{++_leases}", Now, LeaseTtl);
        Assert.NotNull(job);
        return job;
    }

    public JobSpec Lease(JobTicket ticket) => Lease(ticket.JobId);

    /// <summary>A success reporting every declared output, plus the variables given.</summary>
    public static JobResult Success(JobSpec job, IReadOnlyDictionary<string, string>? variables = null) => new()
    {
        Succeeded = true,
        ExitCode = 0,
        Outputs = job.Outputs.ToDictionary(o => o.Name, o => DigestOf(o.Name)),
        OutputVariables = variables ?? new Dictionary<string, string>(),
    };

    public ExecutionEffects Complete(JobSpec job, JobResult result)
    {
        var (effects, refusal) = Run.Complete(job.JobId, job.LeaseId, result, Now);
        Assert.Null(refusal);
        return effects;
    }

    public ExecutionEffects Succeed(JobSpec job, IReadOnlyDictionary<string, string>? variables = null) => Complete(job, Success(job, variables));

    public ExecutionEffects Fail(JobSpec job, int exitCode = 2) =>
        Complete(job, JobResult.Failure(ErrorKind.CommandFailed, $"exited with {exitCode}") with { ExitCode = exitCode });

    public ActionRun Action(string stage, string action) => Run.Stages.Single(s => s.Name == stage).Actions.Single(a => a.Name == action);

    public static IEnumerable<string> Ids(ExecutionEffects effects) => effects.Enqueue.Select(t => t.JobId);
}
