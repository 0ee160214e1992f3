using System.Diagnostics;
using BuildFarm.Agent.Connection;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Logs;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using Grpc.Core;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Worker;

/// <summary>
/// Keeps the slots busy: whenever one is free, long-polls Acquire for as many jobs as there are free slots and
/// starts each on its own task. Each job's log ships as it runs and its result is reported with its lease and the
/// log's last chunk; the answer brings the slot's next job when one is waiting (an Acquire saved per job), and an
/// empty answer frees the slot for the long-poll.
/// </summary>
internal sealed class WorkerLoop(AgentOptions options, AgentsClient agents, JobRunner runner, RunningJobs running, AgentConsole console)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var free = options.Slots - running.Count;
            if (free <= 0)
            {
                await running.WaitForEndAsync(cancellationToken);
                continue;
            }
            Start(await agents.AcquireAsync(free, options.AcquireWait, cancellationToken), cancellationToken);
        }
    }

    private void Start(IReadOnlyList<Job> jobs, CancellationToken agentToken)
    {
        foreach (var job in jobs)
            running.Start(job.Lease, token => RunJobAsync(job, token, agentToken), agentToken);
    }

    private async Task RunJobAsync(Job job, CancellationToken jobToken, CancellationToken agentToken)
    {
        var id = job.Lease.JobId;
        var clock = Stopwatch.StartNew();
        console.Line($"job {id} started: {job.Stage}/{job.Action} attempt {job.Attempt} of pipeline {job.Pipeline} ({job.Provider})");
        var log = new LogChunker((offset, data, _) => SendLogAsync(job.Lease, offset, data, agentToken), options.LogInterval);
        JobResult? result = null;
        JobWorkspace? workspace = null;
        try
        {
            (result, workspace) = await runner.RunLeavingWorkspaceAsync(job, log, jobToken);
        }
        catch (OperationCanceledException) when (jobToken.IsCancellationRequested)
        {
            log.WriteLine(agentToken.IsCancellationRequested
                ? "[farm] the agent is stopping; the job was stopped and will run again elsewhere"
                : "[farm] cancelled: the server no longer wants this job");
        }
        catch (Exception e)
        {
            console.Line($"job {id}: agent error: {e}");
            result = JobResult.Failure(ErrorKind.WorkspaceError, $"the agent failed while running the job: {e.Message}");
            log.WriteLine($"[farm] failed: {result.Message}");
        }
        var tail = LogTail.None;
        try
        {
            // A result takes the log's last chunk along: one call to end the job instead of a last AppendLog and a Complete.
            if (result is null) await log.CompleteAsync();
            else tail = await log.CompleteKeepingTailAsync().WaitAsync(jobToken);
        }
        catch (OperationCanceledException) when (!agentToken.IsCancellationRequested)
        {
            // The server gave up on the lease while the work was already done: the log takes no more, and the
            // result goes out at once (for the server to refuse) instead of after the log's last retries.
            console.Line($"job {id}: the server no longer holds its lease; the rest of its log is dropped");
        }
        catch (OperationCanceledException)
        {
            // The agent is stopping: its result will not be reported.
            await log.CompleteKeepingTailAsync();
        }

        if (result is null)
        {
            console.Line($"job {id} stopped after {Units.Duration(clock.Elapsed)}; its result is dropped");
            runner.EmptyWorkspace(workspace, console.Line);
            return;
        }
        IReadOnlyList<Job> next = [];
        try
        {
            next = await ReportAsync(job, result, tail, clock.Elapsed, agentToken);
        }
        finally
        {
            // After the result, before the slot takes new work: the next stage need not wait for this.
            runner.EmptyWorkspace(workspace, console.Line);
        }
        // This slot's next job, started before this one leaves the slot (the loop never counts the slot free).
        Start(next, agentToken);
    }

    /// <summary>Reports the result; answers the slot's next job when the server had one waiting.</summary>
    private async Task<IReadOnlyList<Job>> ReportAsync(Job job, JobResult result, LogTail tail, TimeSpan elapsed, CancellationToken agentToken)
    {
        var id = job.Lease.JobId;
        try
        {
            var next = await agents.CompleteAsync(job.Lease, result.ToProto(), tail, nextJobs: agentToken.IsCancellationRequested ? 0 : 1, agentToken);
            console.Line(result.Succeeded
                ? $"job {id} succeeded in {Units.Duration(elapsed)}"
                : $"job {id} failed in {Units.Duration(elapsed)}: {result.Message}");
            return next;
        }
        catch (RpcException e) when (AgentsClient.IsRefused(e))
        {
            console.Line($"job {id}: the server refused its result (the lease is no longer live: {e.Status.Detail}); dropped");
        }
        catch (RpcException e)
        {
            console.Line($"job {id}: could not report its result ({e.StatusCode}: {e.Status.Detail}); the lease will expire");
        }
        catch (OperationCanceledException) when (agentToken.IsCancellationRequested)
        {
            console.Line($"job {id}: the agent stopped before its result was reported");
        }
        catch (AgentException e)
        {
            console.Line($"job {id}: could not report its result: {e.Message}");
        }
        return [];
    }

    /// <summary>
    /// A lease the server no longer holds takes no more log: those bytes are dropped, not retried, and the job is
    /// cancelled at once (an abandoned job that writes output stops without waiting for the next heartbeat).
    /// </summary>
    private async Task SendLogAsync(Lease lease, long offset, ReadOnlyMemory<byte> data, CancellationToken agentToken)
    {
        try
        {
            await agents.AppendLogAsync(lease, offset, data, agentToken);
        }
        catch (RpcException e) when (AgentsClient.IsRefused(e))
        {
            if (running.Cancel(lease.LeaseId) is not null)
                console.Line($"job {lease.JobId} cancelled: the server refused its log ({e.Status.Detail})");
        }
    }
}
