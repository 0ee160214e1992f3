using System.IO.Pipelines;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Storage.Content;
using Google.Protobuf;
using Grpc.Core;
using CoreDigest = BuildFarm.Core.Content.Digest;

namespace BuildFarm.Server.Services;

/// <summary>
/// The content store (CAS) over gRPC. Every digest from outside is checked for form, every write is verified
/// against its digest by the store, and every refusal is a gRPC status that says what was wrong.
/// </summary>
public sealed class ContentStoreService(IContentStore store) : ContentStore.ContentStoreBase
{
    /// <summary>The most a batch call may carry; larger blobs go through Write and Read.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;
    private const int ReadChunkBytes = 64 * 1024;

    public override Task<FindMissingBlobsResponse> FindMissingBlobs(FindMissingBlobsRequest request, ServerCallContext context) =>
        Guarded(async () =>
        {
            var digests = request.Digests.Select((digest, i) => Validated(digest, $"digests[{i}]")).ToList();
            var missing = await store.FindMissingAsync(digests, context.CancellationToken);
            return new FindMissingBlobsResponse { Missing = { missing.Select(digest => digest.ToProto()) } };
        });

    public override Task<BatchUpdateBlobsResponse> BatchUpdateBlobs(BatchUpdateBlobsRequest request, ServerCallContext context) =>
        Guarded(async () =>
        {
            var total = request.Blobs.Sum(blob => (long)blob.Data.Length);
            if (total > MaxBatchBytes)
                throw Invalid($"BatchUpdateBlobs carries {total} bytes of blobs, more than the {MaxBatchBytes} allowed in one call; send large blobs with Write");
            var response = new BatchUpdateBlobsResponse();
            foreach (var (blob, i) in request.Blobs.Select((blob, i) => (blob, i)))
            {
                var result = new BatchUpdateBlobsResponse.Types.Result { Digest = blob.Digest, Status = Ok() };
                if (Problem(blob.Digest, $"blobs[{i}].digest") is { } problem)
                    result.Status = Status(StatusCode.InvalidArgument, problem);
                else
                {
                    try
                    {
                        await store.PutAsync(blob.Digest.ToCore(), blob.Data.Memory, context.CancellationToken);
                    }
                    catch (DigestMismatchException e)
                    {
                        result.Status = Status(StatusCode.InvalidArgument, e.Message);
                    }
                }
                response.Results.Add(result);
            }
            return response;
        });

    public override Task<BatchReadBlobsResponse> BatchReadBlobs(BatchReadBlobsRequest request, ServerCallContext context) =>
        Guarded(async () =>
        {
            var total = request.Digests.Sum(digest => Math.Max(0, digest?.SizeBytes ?? 0));
            if (total > MaxBatchBytes)
                throw Invalid($"BatchReadBlobs asks for {total} bytes of blobs, more than the {MaxBatchBytes} allowed in one call; read large blobs with Read");
            var response = new BatchReadBlobsResponse();
            foreach (var (digest, i) in request.Digests.Select((digest, i) => (digest, i)))
            {
                var result = new BatchReadBlobsResponse.Types.Result { Digest = digest, Status = Ok() };
                if (Problem(digest, $"digests[{i}]") is { } problem)
                    result.Status = Status(StatusCode.InvalidArgument, problem);
                else if (await store.ReadAllBytesAsync(digest.ToCore(), context.CancellationToken) is { } data)
                    result.Data = UnsafeByteOperations.UnsafeWrap(data);
                else
                    result.Status = Status(StatusCode.NotFound, NotFoundMessage(digest.ToCore()));
                response.Results.Add(result);
            }
            return response;
        });

    public override Task<WriteResponse> Write(IAsyncStreamReader<WriteRequest> requestStream, ServerCallContext context) =>
        Guarded(async () =>
        {
            var cancellationToken = context.CancellationToken;
            if (!await requestStream.MoveNext(cancellationToken))
                throw Invalid("Write received no message; the first WriteRequest must carry the blob's digest");
            var first = requestStream.Current;
            if (first.Digest is null)
                throw Invalid("the first WriteRequest must carry the blob's digest (later ones carry only data)");
            var digest = Validated(first.Digest, "digest");

            // The data flows through a small pipe into the store, which hashes it on the way to disk: the blob is
            // never held in memory whole, and the pipe's back-pressure slows a sender down to the disk's pace.
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
            using var stopPump = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pump = PumpAsync(first, digest, requestStream, pipe.Writer, stopPump.Token);
            try
            {
                await using var content = pipe.Reader.AsStream();
                await store.PutAsync(digest, content, cancellationToken);
            }
            finally
            {
                // When the store refused the blob early, stop waiting for the rest of the client's messages.
                await stopPump.CancelAsync();
                await pump;
            }
            return new WriteResponse { CommittedSize = digest.SizeBytes };
        });

    public override Task Read(ReadRequest request, IServerStreamWriter<ReadResponse> responseStream, ServerCallContext context) =>
        Guarded(async () =>
        {
            var digest = Validated(request.Digest, "digest");
            await using var content = await store.OpenReadAsync(digest, context.CancellationToken)
                ?? throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, NotFoundMessage(digest)));
            var buffer = new byte[ReadChunkBytes];
            int read;
            while ((read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, context.CancellationToken)) > 0)
                await responseStream.WriteAsync(new ReadResponse { Data = ByteString.CopyFrom(buffer, 0, read) }, context.CancellationToken);
        });

    /// <summary>Moves the data of the client's messages into the pipe until the client is done or the store stops reading.</summary>
    private static async Task PumpAsync(WriteRequest first, CoreDigest digest, IAsyncStreamReader<WriteRequest> requests, PipeWriter pipe, CancellationToken cancellationToken)
    {
        try
        {
            for (var message = first; ; message = requests.Current)
            {
                if (message.Digest is not null && message.Digest.ToCore() != digest)
                    throw Invalid($"a later WriteRequest names digest {message.Digest.ToCore()}, but this Write is for {digest}; one Write stores one blob");
                if (!message.Data.IsEmpty && (await pipe.WriteAsync(message.Data.Memory, cancellationToken)).IsCompleted)
                    break;
                if (!await requests.MoveNext(cancellationToken))
                    break;
            }
            await pipe.CompleteAsync();
        }
        catch (Exception e)
        {
            await pipe.CompleteAsync(e);
        }
    }

    private static Task Guarded(Func<Task> call) => Guarded(async () =>
    {
        await call();
        return true;
    });

    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DigestMismatchException e)
        {
            throw Invalid(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, $"the content store could not complete the call: {e.Message}"));
        }
    }

    private static CoreDigest Validated(Api.V1.Digest? digest, string field) =>
        Problem(digest, field) is { } problem ? throw Invalid(problem) : digest!.ToCore();

    private static string? Problem(Api.V1.Digest? digest, string field) => digest switch
    {
        null => $"{field} is missing: every blob is named by a digest (hash and size_bytes)",
        _ when !CoreDigest.IsWellFormed(digest.Hash, digest.SizeBytes) =>
            $"{field} '{digest.Hash}/{digest.SizeBytes}' is malformed: expected a hash of 64 lowercase hex characters (SHA-256) and a size_bytes of 0 or more",
        _ => null,
    };

    private static string NotFoundMessage(CoreDigest digest) => $"blob {digest} is not in the content store";

    private static RpcException Invalid(string message) => new(new Grpc.Core.Status(StatusCode.InvalidArgument, message));

    private static BlobStatus Ok() => new() { Code = (int)StatusCode.OK };

    private static BlobStatus Status(StatusCode code, string message) => new() { Code = (int)code, Message = message };
}
