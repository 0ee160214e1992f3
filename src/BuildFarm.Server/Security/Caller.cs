using BuildFarm.Grains;
using Grpc.Core;

namespace BuildFarm.Server.Security;

/// <summary>What a token proves. Users carry a role; agents carry their identity.</summary>
public enum CallerKind { Admin, Operator, Viewer, Agent, Registration }

public sealed record Caller(CallerKind Kind, string Name, AgentIdentity? Agent = null)
{
    private const string Key = "buildfarm-caller";

    public bool IsUser => Kind is CallerKind.Admin or CallerKind.Operator or CallerKind.Viewer;

    public void AttachTo(ServerCallContext context) => context.UserState[Key] = this;

    public static Caller Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) ? (Caller)caller : throw new InvalidOperationException("no caller on this call; the access interceptor did not run");

    public static AgentIdentity AgentOf(ServerCallContext context) =>
        Of(context).Agent ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "this call is for agents"));
}
