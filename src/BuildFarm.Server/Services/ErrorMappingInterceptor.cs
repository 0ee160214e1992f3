using BuildFarm.Grains;
using BuildFarm.Storage.Azure;
using BuildFarm.Storage.Content;
using BuildFarm.Storage.Logs;
using BuildFarm.Storage.Postgres;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Status = Grpc.Core.Status;

namespace BuildFarm.Server.Services;

/// <summary>
/// Turns domain refusals into gRPC statuses with clear messages (a bare exception would reach the client as
/// "Unknown: Exception was thrown by handler"). Validation problems also travel as google.rpc.BadRequest details.
/// </summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception e) when (e is not RpcException) { throw Map(e, context); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Map(e, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Map(e, context); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Map(e, context); }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        // A store that does not answer (Orleans wraps storage failures): say which one, and that trying again may help.
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is DatabaseUnavailableException or BlobStoreUnavailableException)
                return new RpcException(new Status(StatusCode.Unavailable, inner.Message));
        switch (e)
        {
            case FarmException farm:
                return farm.Problems.Count == 0 ? new RpcException(new Status(CodeOf(farm.Code), farm.Message)) : WithProblems(farm);
            case DigestMismatchException or ArgumentException:
                return new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
            case LogGapException:
                return new RpcException(new Status(StatusCode.OutOfRange, e.Message));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            case TimeoutException:
                return new RpcException(new Status(StatusCode.Unavailable, $"the farm did not answer in time ({e.Message}); try again"));
            default:
                logger.LogError(e, "{Method} failed", context.Method);
                return new RpcException(new Status(StatusCode.Internal, $"internal error in {context.Method}: {e.GetType().Name}: {e.Message}"));
        }
    }

    private static RpcException WithProblems(FarmException farm)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(farm.Problems.Select(p => new BadRequest.Types.FieldViolation { Field = p.Path, Description = p.Message }));
        return new Google.Rpc.Status { Code = (int)CodeOf(farm.Code), Message = farm.Message, Details = { Any.Pack(badRequest) } }.ToRpcException();
    }

    private static StatusCode CodeOf(FarmErrorCode code) => code switch
    {
        FarmErrorCode.InvalidArgument => StatusCode.InvalidArgument,
        FarmErrorCode.NotFound => StatusCode.NotFound,
        FarmErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
        FarmErrorCode.AlreadyExists => StatusCode.AlreadyExists,
        FarmErrorCode.PermissionDenied => StatusCode.PermissionDenied,
        _ => StatusCode.Unavailable,
    };
}
