using BuildFarm.Agent.Transfer;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using Google.Protobuf;
using Grpc.Core;
using CoreDigest = BuildFarm.Core.Content.Digest;

namespace BuildFarm.Agent.Connection;

/// <summary>The transfer seam over the ContentStore service; retries per call, failover as the caller provides.</summary>
internal sealed class GrpcContentTransport(IContentStoreCaller connection) : IContentTransport
{
    private const int WriteChunk = 64 * 1024;
    private static readonly TimeSpan BatchDeadline = TimeSpan.FromSeconds(60);

    public async Task<IReadOnlyList<CoreDigest>> FindMissingAsync(IReadOnlyList<CoreDigest> digests, CancellationToken cancellationToken)
    {
        var request = new FindMissingBlobsRequest();
        request.Digests.AddRange(digests.Select(d => d.ToProto()));
        var response = await connection.CallAsync(RetryPolicies.Few,
            async (client, call) => await client.FindMissingBlobsAsync(request, call),
            BatchDeadline, cancellationToken);
        return response.Missing.Select(d => d.ToCore()).ToList();
    }

    public async Task<IReadOnlyList<Blob>> ReadBatchAsync(IReadOnlyList<CoreDigest> digests, CancellationToken cancellationToken)
    {
        var request = new BatchReadBlobsRequest();
        request.Digests.AddRange(digests.Select(d => d.ToProto()));
        var response = await connection.CallAsync(RetryPolicies.Few,
            async (client, call) => await client.BatchReadBlobsAsync(request, call),
            BatchDeadline, cancellationToken);
        return response.Results.Select(r =>
        {
            var digest = r.Digest?.ToCore() ?? default;
            CheckStatus(r.Status, $"reading blob {digest}");
            return new Blob(digest, r.Data.ToByteArray());
        }).ToList();
    }

    public Task ReadAsync(CoreDigest digest, Stream destination, CancellationToken cancellationToken) =>
        connection.CallAsync(RetryPolicies.Few, async (client, call) =>
        {
            destination.SetLength(0);
            using var stream = client.Read(new ReadRequest { Digest = digest.ToProto() }, call);
            await foreach (var message in stream.ResponseStream.ReadAllAsync(call.CancellationToken))
                await destination.WriteAsync(message.Data.Memory, call.CancellationToken);
            return true;
        }, null, cancellationToken);

    public async Task WriteBatchAsync(IReadOnlyList<Blob> blobs, CancellationToken cancellationToken)
    {
        var request = new BatchUpdateBlobsRequest();
        request.Blobs.AddRange(blobs.Select(b => new BatchUpdateBlobsRequest.Types.Blob { Digest = b.Digest.ToProto(), Data = ByteString.CopyFrom(b.Data) }));
        var response = await connection.CallAsync(RetryPolicies.Few,
            async (client, call) => await client.BatchUpdateBlobsAsync(request, call),
            BatchDeadline, cancellationToken);
        foreach (var result in response.Results) CheckStatus(result.Status, $"storing blob {result.Digest?.ToCore()}");
    }

    public Task WriteAsync(CoreDigest digest, Func<Stream> openSource, CancellationToken cancellationToken) =>
        connection.CallAsync(RetryPolicies.Few, async (client, call) =>
        {
            await using var source = openSource();
            using var stream = client.Write(call);
            var buffer = new byte[WriteChunk];
            var first = true;
            int read;
            while ((read = await source.ReadAsync(buffer, call.CancellationToken)) > 0 || first)
            {
                var message = new WriteRequest { Data = ByteString.CopyFrom(buffer, 0, read) };
                if (first) message.Digest = digest.ToProto();
                first = false;
                await stream.RequestStream.WriteAsync(message, call.CancellationToken);
                if (read == 0) break;
            }
            await stream.RequestStream.CompleteAsync();
            var response = await stream.ResponseAsync;
            if (response.CommittedSize != digest.SizeBytes)
                throw new ContentTransferException($"the content store committed {response.CommittedSize} bytes of blob {digest}");
            return true;
        }, null, cancellationToken);

    private static void CheckStatus(BlobStatus? status, string what)
    {
        if (status is null || status.Code == 0) return;
        throw new ContentTransferException($"{what}: the content store answered {(StatusCode)status.Code}: {status.Message}");
    }
}
