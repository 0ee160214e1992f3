using BuildFarm.Core.Definitions;

namespace BuildFarm.Grains.Secrets;

[GenerateSerializer, Alias("secrets-state")]
public sealed class SecretsState
{
    [Id(0)] public Dictionary<string, StoredSecret> Secrets { get; set; } = [];
}

[GenerateSerializer, Alias("stored-secret")]
public sealed class StoredSecret
{
    [Id(0)] public byte[] Ciphertext { get; set; } = [];
    [Id(1)] public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class SecretGrain(
    [PersistentState("secrets", FarmGrainOptions.StorageName)] IPersistentState<SecretsState> state,
    SecretCipher cipher,
    TimeProvider time) : Grain, ISecretGrain
{
    public const int MaxValueLength = 64 * 1024;

    public async Task<bool> SetAsync(string name, string value)
    {
        if (SecretNames.Problem(name) is { } problem) throw FarmException.Invalid(problem);
        if (value.Length == 0) throw FarmException.Invalid($"the value of secret '{name}' is empty");
        if (value.Length > MaxValueLength) throw FarmException.Invalid($"the value of secret '{name}' is {value.Length} characters; at most {MaxValueLength} are allowed");
        var replaced = state.State.Secrets.ContainsKey(name);
        state.State.Secrets[name] = new StoredSecret { Ciphertext = cipher.Encrypt(name, value), UpdatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        return replaced;
    }

    public async Task DeleteAsync(string name)
    {
        if (!state.State.Secrets.Remove(name)) throw FarmException.NotFound($"there is no secret '{name}'");
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SecretEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<SecretEntry>>(state.State.Secrets.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SecretEntry(s.Key, s.Value.UpdatedAt)).ToList());

    public Task<string?> RevealAsync(string name)
    {
        if (!state.State.Secrets.TryGetValue(name, out var secret)) return Task.FromResult<string?>(null);
        try
        {
            return Task.FromResult<string?>(cipher.Decrypt(name, secret.Ciphertext));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw FarmException.Precondition(
                $"secret '{name}' (set {secret.UpdatedAt:u}) cannot be decrypted with this farm's key: the key (Farm:SecretKey, or DATA/secrets.key) " +
                $"changed after it was stored; set it again with `farm secret set {name}`");
        }
    }
}
