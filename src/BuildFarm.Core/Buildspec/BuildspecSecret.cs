namespace BuildFarm.Core.Buildspec;

/// <summary>
/// One entry of <c>env.secrets-manager</c> or <c>env.parameter-store</c>: the variable <see cref="Variable"/> holds the
/// value of the farm secret <see cref="SecretName"/>, or of the top-level key <see cref="JsonKey"/> of its JSON.
/// </summary>
public sealed record BuildspecSecret(string Variable, string SecretName, string? JsonKey, string Path);
