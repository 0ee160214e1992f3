using System.Reflection;
using System.Runtime.InteropServices;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;
using BuildFarm.Agent.Transfer;
using Polly;

namespace BuildFarm.Agent.Connection;

/// <summary>
/// The agent's connection: which server to call, with which credential. Every call carries
/// <c>authorization: Bearer</c> (the registration token for Register, the agent credential for the rest); a call
/// answered Unauthenticated registers again once (the server may have lost its data) and is made once more.
/// </summary>
internal sealed class FarmConnection : IDisposable, IContentStoreCaller
{
    private readonly AgentOptions options;
    private readonly AgentConsole console;
    private readonly ServerPool servers;
    private readonly IdentityFile identityFile;
    private readonly SemaphoreSlim registering = new(1, 1);
    private AgentIdentity? identity;

    public FarmConnection(AgentOptions options, AgentConsole console)
    {
        this.options = options;
        this.console = console;
        servers = new ServerPool(options.Servers);
        identityFile = new IdentityFile(options.WorkDirectory);
    }

    public AgentIdentity Identity => identity ?? throw new InvalidOperationException("the agent has not connected yet");

    /// <summary>Uses the saved identity when it is for this name, labels and slots; registers otherwise.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var saved = identityFile.Load();
        if (saved is not null && saved.RegisteredAs(options))
        {
            identity = saved;
            console.Line($"agent id {saved.AgentId} (from {identityFile.Path})");
            return;
        }
        identity = await RegisterAsync(cancellationToken);
    }

    Task<T> IContentStoreCaller.CallAsync<T>(ResiliencePipeline retry, Func<ContentStore.ContentStoreClient, CallOptions, Task<T>> call,
        TimeSpan? deadline, CancellationToken cancellationToken) =>
        CallAsync(retry, (channel, options) => call(new ContentStore.ContentStoreClient(channel), options), deadline, cancellationToken);

    /// <summary>
    /// One call through a retry policy, on the current server, with the agent credential; <paramref name="onRetry"/>
    /// hears of each retry.
    /// </summary>
    public Task<T> CallAsync<T>(ResiliencePipeline retry, Func<GrpcChannel, CallOptions, Task<T>> call, TimeSpan? deadline, CancellationToken cancellationToken,
        Action<RpcException, int>? onRetry = null) =>
        RetryAsync(retry, async token =>
        {
            var used = Identity;
            try
            {
                return await AttemptAsync(call, used.Credential, deadline, token);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
            {
                await RenewAsync(used, token);
                return await AttemptAsync(call, Identity.Credential, deadline, token);
            }
        }, onRetry, cancellationToken);

    private static async Task<T> RetryAsync<T>(ResiliencePipeline retry, Func<CancellationToken, Task<T>> attempt, Action<RpcException, int>? onRetry,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        if (onRetry is not null) context.Properties.Set(RetryPolicies.OnRetry, onRetry);
        try
        {
            return await retry.ExecuteAsync(async c => await attempt(c.CancellationToken), context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<T> AttemptAsync<T>(Func<GrpcChannel, CallOptions, Task<T>> call, string bearer, TimeSpan? deadline, CancellationToken cancellationToken)
    {
        var (index, channel) = servers.Current;
        var headers = new Metadata { { "authorization", $"Bearer {bearer}" } };
        var callOptions = new CallOptions(headers, deadline is { } d ? DateTime.UtcNow + d : null, cancellationToken);
        try
        {
            return await call(channel, callOptions);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            FailOver(index, e.Status.Detail);
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The channel reports an exceeded deadline as a cancellation. The server (or the network to it) did not
            // answer in time: a failure to retry and fail over, not a reason for the agent to stop.
            var detail = $"no answer within {(deadline ?? TimeSpan.Zero).TotalSeconds:0} s";
            FailOver(index, detail);
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, detail));
        }
    }

    private void FailOver(int index, string detail)
    {
        if (servers.Failover(index))
            console.Line($"server {servers.AddressOf(index)} is unavailable ({detail}); trying {servers.AddressOf(servers.Current.Index)}");
    }

    private async Task RenewAsync(AgentIdentity stale, CancellationToken cancellationToken)
    {
        await registering.WaitAsync(cancellationToken);
        try
        {
            if (identity != stale) return;
            console.Line($"the server does not know agent id {stale.AgentId} (Unauthenticated); registering again");
            identity = await RegisterAsync(cancellationToken);
        }
        finally
        {
            registering.Release();
        }
    }

    private async Task<AgentIdentity> RegisterAsync(CancellationToken cancellationToken)
    {
        var request = new RegisterRequest
        {
            Name = options.Name,
            Slots = options.Slots,
            Os = "linux",
            Arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            Version = Version,
        };
        request.Labels.AddAll(options.Labels);
        RegisterResponse response;
        try
        {
            response = await RetryAsync(RetryPolicies.Forever, token => AttemptAsync(
                async (channel, call) => await new Agents.AgentsClient(channel).RegisterAsync(request, call),
                options.Token, TimeSpan.FromSeconds(30), token), (e, attempt) =>
            {
                if (attempt % 10 == 0) console.Line($"cannot register yet ({e.StatusCode}: {e.Status.Detail}); retrying");
            }, cancellationToken);
        }
        catch (RpcException e) when (!RetryPolicies.IsTransient(e))
        {
            throw new AgentException($"the server at {servers.AddressOf(servers.Current.Index)} refused to register agent '{options.Name}': {e.StatusCode}: {e.Status.Detail}", e);
        }
        var registered = new AgentIdentity
        {
            AgentId = response.AgentId,
            Credential = response.Credential,
            HeartbeatInterval = response.HeartbeatInterval?.ToTimeSpan() is { } interval && interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(10),
            LeaseTtl = response.LeaseTtl?.ToTimeSpan() ?? TimeSpan.Zero,
            Name = options.Name,
            Slots = options.Slots,
            Labels = options.Labels.ToDictionary(),
        };
        identityFile.Save(registered);
        console.Line($"registered as agent id {registered.AgentId} with {servers.AddressOf(servers.Current.Index)} ({options.Slots} slot(s))");
        return registered;
    }

    public static string Version { get; } =
        typeof(FarmConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public void Dispose()
    {
        servers.Dispose();
        registering.Dispose();
    }
}
