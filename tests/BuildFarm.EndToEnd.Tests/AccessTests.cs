using BuildFarm.Api.V1;
using Grpc.Core;

namespace BuildFarm.EndToEnd.Tests;

public sealed class AccessTests
{
    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    [Fact]
    public async Task Calls_need_a_valid_token_of_the_right_kind()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 0);
        var pipelines = farm.PipelinesClient;

        var none = await Assert.ThrowsAsync<RpcException>(() => pipelines.ListPipelinesAsync(new ListPipelinesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => pipelines.ListPipelinesAsync(new ListPipelinesRequest(), Bearer("adm-not-the-token")).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        var registration = await Assert.ThrowsAsync<RpcException>(() => pipelines.ListPipelinesAsync(new ListPipelinesRequest(), Bearer(farm.RegistrationToken)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, registration.StatusCode);

        var agents = farm.AgentsClient;
        var registered = await agents.RegisterAsync(new RegisterRequest { Name = "probe", Slots = 1 }, Bearer(farm.RegistrationToken));
        var asAgent = await Assert.ThrowsAsync<RpcException>(() => pipelines.ListPipelinesAsync(new ListPipelinesRequest(), Bearer(registered.Credential)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, asAgent.StatusCode);
        Assert.Empty((await agents.AcquireAsync(new AcquireRequest { FreeSlots = 1 }, Bearer(registered.Credential))).Jobs);
        var adminAsAgent = await Assert.ThrowsAsync<RpcException>(() => agents.AcquireAsync(new AcquireRequest { FreeSlots = 1 }, farm.Auth).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, adminAsAgent.StatusCode);

        var cli = await farm.CliWithTokenAsync("adm-wrong", "pipeline", "list");
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("Unauthenticated", cli.Output);
    }

    [Fact]
    public async Task Domain_errors_carry_proper_status_codes_and_messages()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 0);
        var missing = await Assert.ThrowsAsync<RpcException>(() => farm.ExecutionsClient.GetExecutionAsync(new GetExecutionRequest { ExecutionId = "ex-doesnotexist" }, farm.Auth).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains("ex-doesnotexist", missing.Status.Detail);

        var start = await Assert.ThrowsAsync<RpcException>(() => farm.ExecutionsClient.StartExecutionAsync(new StartExecutionRequest { Pipeline = "nothing-here" }, farm.Auth).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, start.StatusCode);

        var invalid = new PipelineDeclaration { Name = "bad" };
        invalid.Stages.Add(new StageDeclaration { Name = "S" });
        var apply = await Assert.ThrowsAsync<RpcException>(() => farm.PipelinesClient.ApplyPipelineAsync(new ApplyPipelineRequest { Declaration = invalid }, farm.Auth).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, apply.StatusCode);
        Assert.Contains("stages[0]", apply.Status.Detail);
    }
}
