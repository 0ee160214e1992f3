using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Grains;
using Grpc.Core;

namespace BuildFarm.Server.Services;

/// <summary>Admin only (see MethodAccess): set, list (names only) and delete the farm's secrets.</summary>
public sealed class SecretsService(IGrainFactory grains) : Api.V1.Secrets.SecretsBase
{
    private ISecretGrain Vault => grains.Get<ISecretGrain>(ISecretGrain.Key);

    public override async Task<SetSecretResponse> SetSecret(SetSecretRequest request, ServerCallContext context) =>
        new() { Replaced = await Vault.SetAsync(request.Name, request.Value) };

    public override async Task<ListSecretsResponse> ListSecrets(ListSecretsRequest request, ServerCallContext context)
    {
        var response = new ListSecretsResponse();
        response.Secrets.AddRange((await Vault.ListAsync()).Select(s => new SecretInfo { Name = s.Name, UpdatedAt = ((DateTimeOffset?)s.UpdatedAt).ToProto() }));
        return response;
    }

    public override async Task<DeleteSecretResponse> DeleteSecret(DeleteSecretRequest request, ServerCallContext context)
    {
        await Vault.DeleteAsync(request.Name);
        return new DeleteSecretResponse();
    }
}
