using BuildFarm.Api.V1;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Rendering;
using Grpc.Core;

namespace BuildFarm.Cli.Watching;

/// <summary>Follows an execution to its end, printing every status change once, across reconnects.</summary>
public sealed class ExecutionWatcher(FarmClient client, Terminal terminal, TimeProvider clock)
{
    /// <summary>Returns the execution as it ended; <paramref name="observe"/> sees every snapshot (it must not block).</summary>
    public async Task<Execution> WatchAsync(string executionId, CancellationToken cancellationToken, Action<Execution>? observe = null)
    {
        var progress = new ExecutionProgress(clock);
        var resume = new StreamResume(terminal, $"watch {executionId}", clock);
        Execution? latest = null;

        await resume.RunAsync(async token =>
        {
            using var call = client.Executions.WatchExecution(new WatchExecutionRequest { ExecutionId = executionId }, cancellationToken: token);
            await foreach (var snapshot in call.ResponseStream.ReadAllAsync(token))
            {
                resume.Progressed();
                if (latest is null || snapshot.Revision >= latest.Revision) latest = snapshot;
                ProgressPrinter.Print(terminal, progress.Update(snapshot));
                observe?.Invoke(snapshot);
                if (ExecutionProgress.HasEnded(latest)) return true;
            }
            return false;
        }, cancellationToken);

        return latest is not null && ExecutionProgress.HasEnded(latest)
            ? latest
            : throw new CliException($"the server kept closing the watch of execution {executionId} before it ended");
    }
}
