using System.Runtime.CompilerServices;
using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildFarm.Grains.Tests;

/// <summary>Speaks the agent side of the protocol straight to the grains (the gRPC layer is covered end to end).</summary>
public sealed class TestAgent(IGrainFactory grains, string name, Dictionary<string, string>? labels = null)
{
    /// <summary>One per cluster client, as one per server node: test agents' leases and results batch together.</summary>
    private static readonly ConditionalWeakTable<IGrainFactory, JobTransitions> Transitions = new();
    private readonly JobTransitions transitions = TransitionsOf(grains);
    private readonly JobDispatcher dispatcher = new(grains, TimeProvider.System, TransitionsOf(grains), NullLogger<JobDispatcher>.Instance);

    private static JobTransitions TransitionsOf(IGrainFactory grains) => Transitions.GetValue(grains, g => new JobTransitions(g));

    public AgentIdentity Identity { get; } = new("ag-test-" + name, name) { Labels = labels ?? [] };

    public Task<IReadOnlyList<JobSpec>> AcquireAsync(int slots = 16, double waitSeconds = 2) =>
        dispatcher.AcquireAsync(Identity, slots, TimeSpan.FromSeconds(waitSeconds), CancellationToken.None);

    public async Task<JobSpec> AcquireOneAsync(double waitSeconds = 10)
    {
        var jobs = await AcquireAsync(slots: 1, waitSeconds: waitSeconds);
        return Assert.Single(jobs);
    }

    public Task SucceedAsync(JobSpec job, Dictionary<string, string>? variables = null) =>
        CompleteAsync(job, new JobResult
        {
            Succeeded = true,
            ExitCode = 0,
            Outputs = job.Outputs.ToDictionary(o => o.Name, o => Digest.Of(System.Text.Encoding.UTF8.GetBytes(job.JobId + o.Name))),
            OutputVariables = variables ?? [],
        });

    public Task FailAsync(JobSpec job, int exitCode = 1) =>
        CompleteAsync(job, new JobResult { Succeeded = false, ExitCode = exitCode, ErrorKind = ErrorKind.CommandFailed, Message = $"command exited with code {exitCode}" });

    public Task CompleteAsync(JobSpec job, JobResult result) =>
        transitions.CompleteAsync(job.ExecutionId, new JobCompletion(job.JobId, job.LeaseId, result));
}
