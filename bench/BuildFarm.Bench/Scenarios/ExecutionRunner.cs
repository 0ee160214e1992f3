using BuildFarm.Api.V1;
using BuildFarm.Bench.Launch;
using Grpc.Core;

namespace BuildFarm.Bench.Scenarios;

/// <summary>Applies a pipeline and runs executions of it to their end, as any API client would.</summary>
public sealed class ExecutionRunner(FarmApi api)
{
    /// <summary>
    /// Polls a cheap summary, rarely: the figures come from the server's timestamps, so polling sooner would gain no
    /// precision, only add load (and CPU) to the farm being measured.
    /// </summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task ApplyAsync(PipelineDeclaration declaration, CancellationToken cancellationToken) =>
        await api.Pipelines.ApplyPipelineAsync(new ApplyPipelineRequest { Declaration = declaration }, cancellationToken: cancellationToken);

    /// <summary>
    /// Runs the pipeline a few times, unmeasured: the farm's first executions run code the JIT has not optimized yet,
    /// and tiered compilation needs many calls of each method (in each agent process) before it does.
    /// </summary>
    public async Task WarmUpAsync(string pipeline, CancellationToken cancellationToken, int executions = 2)
    {
        for (var i = 0; i < executions; i++) await RunAsync(pipeline, ScenarioContext.ExecutionLimit, cancellationToken);
    }

    /// <summary>Starts an execution and waits for its end; fails unless it succeeded. Returns the whole execution.</summary>
    public async Task<Execution> RunAsync(string pipeline, TimeSpan limit, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        var request = new StartExecutionRequest { Pipeline = pipeline };
        foreach (var (key, value) in variables ?? new Dictionary<string, string>()) request.Variables[key] = value;
        var started = await api.Executions.StartExecutionAsync(request, cancellationToken: cancellationToken);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var summary = (await api.Executions.ListExecutionsAsync(new ListExecutionsRequest { Pipeline = pipeline, Limit = 1 }, cancellationToken: cancellationToken))
                .Executions.FirstOrDefault(e => e.ExecutionId == started.ExecutionId);
            if (summary is not null && summary.Status is not ("InProgress" or "Stopping")) break;
            if (DateTime.UtcNow > deadline)
                throw new BenchException($"execution {started.ExecutionId} of '{pipeline}' did not end within {limit.TotalSeconds:0} s");
            await Task.Delay(Poll, cancellationToken);
        }
        var execution = await api.Executions.GetExecutionAsync(new GetExecutionRequest { ExecutionId = started.ExecutionId }, cancellationToken: cancellationToken);
        if (execution.Status != "Succeeded")
            throw new BenchException($"execution {execution.ExecutionId} of '{pipeline}' ended {execution.Status}: {execution.StatusSummary}");
        return execution;
    }

    /// <summary>The combined log of an action's attempt.</summary>
    public async Task<string> LogAsync(string executionId, string stage, string action, int attempt, CancellationToken cancellationToken)
    {
        using var call = api.Logs.ReadLog(new ReadLogRequest { ExecutionId = executionId, Stage = stage, Action = action, Attempt = attempt },
            cancellationToken: cancellationToken);
        var text = new System.Text.StringBuilder();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken)) text.Append(chunk.Data.ToStringUtf8());
        return text.ToString();
    }
}
