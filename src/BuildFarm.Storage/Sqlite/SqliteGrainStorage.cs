using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace BuildFarm.Storage.Sqlite;

/// <summary>
/// Grain state in the embedded database: one row per (state name, grain id) holding the state in Orleans' binary
/// format and an etag. Writes are checked against the caller's etag (optimistic concurrency), so a stale activation
/// cannot overwrite newer state.
/// </summary>
public sealed class SqliteGrainStorage(
    string name,
    SqliteDatabase database,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       TEXT NOT NULL,
            payload    BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );
        """;

    public string Name { get; } = name;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(Schema);
        var row = await database.ReadAsync(connection =>
        {
            using var command = connection.Command(
                "SELECT etag, payload FROM grain_state WHERE state_name = $state AND grain_id = $grain",
                ("$state", stateName), ("$grain", grainId.ToString()));
            using var reader = command.ExecuteReader();
            return reader.Read() ? (ETag: reader.GetString(0), Payload: (byte[])reader.GetValue(1)) : default;
        }, cancellationToken);

        if (row.ETag is null)
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = Deserialize<T>(stateName, grainId, row.Payload);
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(Schema);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var key = grainId.ToString();
        var expected = grainState.ETag;
        var etag = await database.WriteAsync(transaction =>
        {
            CheckETag(transaction, "write", stateName, key, expected);
            var next = Guid.NewGuid().ToString("N");
            transaction.Execute(
                """
                INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($state, $grain, $etag, $payload)
                ON CONFLICT (state_name, grain_id) DO UPDATE SET etag = excluded.etag, payload = excluded.payload
                """,
                ("$state", stateName), ("$grain", key), ("$etag", next), ("$payload", payload));
            return next;
        }, cancellationToken);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(Schema);
        var key = grainId.ToString();
        var expected = grainState.ETag;
        await database.WriteAsync(transaction =>
        {
            CheckETag(transaction, "clear", stateName, key, expected);
            return transaction.Execute(
                "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain",
                ("$state", stateName), ("$grain", key));
        }, cancellationToken);
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{Name}", ServiceLifecycleStage.ApplicationServices, _ => database.EnsureSchemaAsync(Schema));

    /// <summary>The stored etag must be the caller's: both absent for a new row, or equal.</summary>
    private static void CheckETag(SqliteTransaction transaction, string operation, string stateName, string grainId, string? expected)
    {
        var stored = transaction.Scalar(
            "SELECT etag FROM grain_state WHERE state_name = $state AND grain_id = $grain",
            ("$state", stateName), ("$grain", grainId)) as string;
        if (!string.Equals(stored, expected, StringComparison.Ordinal))
            throw new InconsistentStateException(
                $"{operation} of state '{stateName}' for grain {grainId} refused: the stored etag is {stored ?? "(no row)"} " +
                $"but the caller's is {expected ?? "(none)"}; another activation changed the state",
                stored ?? string.Empty, expected ?? string.Empty);
    }

    private T Deserialize<T>(string stateName, GrainId grainId, byte[] payload)
    {
        try
        {
            // A null state was written: read it back as a fresh one, as Orleans' own providers do.
            return serializer.Deserialize<T>(new BinaryData(payload)) ?? activators.GetActivator<T>().Create();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"the stored state '{stateName}' of grain {grainId} in '{database.Path}' cannot be read as {typeof(T).FullName}: {e.Message}", e);
        }
    }
}
