namespace BuildFarm.Grains;

/// <summary>
/// The farm's secrets (one grain, key <see cref="Key"/>): values are encrypted before they are stored and are never
/// answered through the API; only the server reveals them, to the jobs whose configuration names them and to its own
/// git and webhook code.
/// </summary>
public interface ISecretGrain : IGrainWithStringKey
{
    public const string Key = "farm";

    /// <summary>True when a secret of that name was replaced.</summary>
    Task<bool> SetAsync(string name, string value);

    Task DeleteAsync(string name);

    [ReadOnly] Task<IReadOnlyList<SecretEntry>> ListAsync();

    /// <summary>The value, or null when there is no such secret.</summary>
    [ReadOnly] Task<string?> RevealAsync(string name);
}

[GenerateSerializer, Immutable, Alias("secret-entry")]
public sealed record SecretEntry([property: Id(0)] string Name, [property: Id(1)] DateTimeOffset UpdatedAt);
