using BuildFarm.Core.Triggers;
using BuildFarm.Git;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains.Triggers;

[GenerateSerializer, Alias("pipeline-hooks-state")]
public sealed class PipelineHooksState
{
    [Id(0)] public SortedSet<string> Downstream { get; set; } = [];
}

public sealed class PipelineHooksGrain(
    [PersistentState("pipeline-hooks", FarmGrainOptions.StorageName)] IPersistentState<PipelineHooksState> state,
    IGrainFactory grains,
    ILogger<PipelineHooksGrain> logger) : Grain, IPipelineHooksGrain
{
    public async Task SubscribeAsync(string downstreamPipeline)
    {
        if (state.State.Downstream.Add(downstreamPipeline)) await state.WriteStateAsync();
    }

    public async Task UnsubscribeAsync(string downstreamPipeline)
    {
        if (state.State.Downstream.Remove(downstreamPipeline)) await state.WriteStateAsync();
    }

    public async Task ExecutionFinishedAsync(ExecutionOutcome outcome)
    {
        await PostCommitStatusesAsync(outcome);
        foreach (var downstream in state.State.Downstream)
        {
            try
            {
                await grains.GetGrain<IPipelineTriggersGrain>(downstream).OnUpstreamFinishedAsync(outcome);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Pipeline {Pipeline}: downstream {Downstream} could not take execution {Execution}", this.GetPrimaryKeyString(), downstream, outcome.ExecutionId);
            }
        }
    }

    public Task<IReadOnlyList<string>> ListDownstreamAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Downstream]);

    /// <summary>
    /// The final state for each CommitStatus action that ran. Posted off the grain's turn: a slow endpoint must not
    /// hold the execution's end; a post lost to a crash is not repeated (the action's pending post stands).
    /// </summary>
    private async Task PostCommitStatusesAsync(ExecutionOutcome outcome)
    {
        foreach (var configuration in outcome.CommitStatuses)
        {
            var (url, status, tokenSecret) = CommitStatusPoster.FromConfiguration(configuration, outcome.CommitState);
            status = status with { Description = Truncate(outcome.StatusSummary ?? $"execution {outcome.ExecutionId} {outcome.Status.ToString().ToLowerInvariant()}") };
            var token = tokenSecret is null ? null : await grains.GetGrain<ISecretGrain>(ISecretGrain.Key).RevealAsync(tokenSecret);
            _ = Task.Run(async () =>
            {
                try
                {
                    await CommitStatusPoster.PostAsync(url, status, token, CancellationToken.None);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    logger.LogWarning("Execution {Execution}: posting commit status '{State}' to {Url} failed: {Reason}", outcome.ExecutionId, status.State, url, e.Message);
                }
            });
        }
    }

    private static string Truncate(string text) => text.Length > 140 ? text[..137] + "..." : text;
}
