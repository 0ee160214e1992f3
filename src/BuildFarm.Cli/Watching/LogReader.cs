using BuildFarm.Api.V1;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Rendering;
using Grpc.Core;

namespace BuildFarm.Cli.Watching;

/// <summary>Reads one attempt's log as bytes, in order, resuming from the last offset if the stream breaks.</summary>
public sealed class LogReader(FarmClient client, Terminal terminal, TimeProvider clock)
{
    /// <param name="attempt">0 for the newest attempt.</param>
    /// <param name="build">A build of the attempt's batch: that build's newest job's log.</param>
    public async Task CopyAsync(string executionId, string stage, string action, int attempt, bool follow,
        Func<ReadOnlyMemory<byte>, CancellationToken, Task> sink, CancellationToken cancellationToken, string build = "")
    {
        long offset = 0;
        var resume = new StreamResume(terminal, $"log of {stage}/{action}", clock);
        await resume.RunAsync(async token =>
        {
            var request = new ReadLogRequest
            {
                ExecutionId = executionId, Stage = stage, Action = action, Attempt = attempt, Offset = offset, Follow = follow, Build = build,
            };
            using var call = client.Logs.ReadLog(request, cancellationToken: token);
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(token))
            {
                resume.Progressed();
                var end = chunk.Offset + chunk.Data.Length;
                if (end <= offset) continue;
                var skip = (int)Math.Max(0, offset - chunk.Offset);
                await sink(chunk.Data.Memory[skip..], token);
                offset = end;
            }
            return true;
        }, cancellationToken);
    }

    /// <summary>The last <paramref name="count"/> lines of an attempt's log (for failure reports).</summary>
    public async Task<IReadOnlyList<string>> TailAsync(string executionId, string stage, string action, int count, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await CopyAsync(executionId, stage, action, 0, follow: false,
            (bytes, token) => buffer.WriteAsync(bytes, token).AsTask(), cancellationToken);
        var lines = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)
            .TrimEnd('\n').Split('\n');
        return buffer.Length == 0 ? [] : lines.TakeLast(count).Select(l => l.TrimEnd('\r')).ToList();
    }
}
