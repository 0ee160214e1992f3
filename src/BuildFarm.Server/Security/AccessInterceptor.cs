using Grpc.Core;
using Grpc.Core.Interceptors;

namespace BuildFarm.Server.Security;

/// <summary>Every call is authenticated and checked against <see cref="MethodAccess"/> before its handler runs.</summary>
public sealed class AccessInterceptor(TokenAuthenticator authenticator) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AdmitAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "no token: send 'authorization: Bearer TOKEN' (farm: --token or FARM_TOKEN; agents: --token with the registration token)"));
        var caller = await authenticator.AuthenticateAsync(header["Bearer ".Length..].Trim())
                     ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "the token is not valid for this farm"));
        var allowed = MethodAccess.AllowedOn(context.Method);
        if (!allowed.Contains(caller.Kind))
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                allowed.Count == 0
                    ? $"{context.Method} is not open to any caller"
                    : $"{context.Method} is for {string.Join(" or ", allowed.Select(k => k.ToString().ToLowerInvariant()))} callers; this token is a {caller.Kind.ToString().ToLowerInvariant()} token"));
        caller.AttachTo(context);
    }
}
