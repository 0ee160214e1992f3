using Orleans.Runtime;
using Orleans.Storage;

namespace BuildFarm.Storage.Postgres;

/// <summary>
/// Wraps the Orleans ADO.NET grain storage for the cluster profile:
/// <list type="bullet">
/// <item>Every grain key reaches the provider as a prefixed string key. The provider parses keys that look like hex
/// numbers ("beef", "0BEEF") as integer keys, so two names could otherwise share a row.</item>
/// <item>A database that drops the connection is retried by <see cref="DatabaseRetry"/>. A write whose first try
/// reached the database although its answer was lost is recognised by reading the row back.</item>
/// </list>
/// </summary>
public sealed class ClusterGrainStorage(
    IGrainStorage inner,
    IGrainStorageSerializer serializer,
    DatabaseRetry retry) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    internal const string KeyPrefix = "key:";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("read", stateName, grainId, _ => inner.ReadStateAsync(stateName, Unambiguous(grainId), grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("write", stateName, grainId, async failedBefore =>
        {
            try
            {
                await inner.WriteStateAsync(stateName, Unambiguous(grainId), grainState);
            }
            catch (InconsistentStateException) when (failedBefore)
            {
                if (!await AlreadyWrittenAsync(stateName, grainId, grainState)) throw;
            }
        });

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("clear", stateName, grainId, _ => inner.ClearStateAsync(stateName, Unambiguous(grainId), grainState));

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant) participant.Participate(lifecycle);
    }

    /// <summary>The grain id the provider sees: same type, the key behind a prefix that no number parser accepts.</summary>
    internal static GrainId Unambiguous(GrainId grainId) => GrainId.Create(grainId.Type, IdSpan.Create(KeyPrefix + grainId.Key));

    private Task RunAsync(string operation, string stateName, GrainId grainId, Func<bool, Task> attempt) =>
        retry.RunAsync($"{operation} state '{stateName}' of {grainId}", writes: operation != "read", (failedBefore, _) => attempt(failedBefore));

    /// <summary>After a lost answer: whether the row already holds exactly this state (then its version is ours).</summary>
    private async Task<bool> AlreadyWrittenAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = new GrainState<T>();
        await inner.ReadStateAsync(stateName, Unambiguous(grainId), stored);
        if (!stored.RecordExists || !serializer.Serialize(stored.State).ToMemory().Span.SequenceEqual(serializer.Serialize(grainState.State).ToMemory().Span))
            return false;
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
        return true;
    }
}
