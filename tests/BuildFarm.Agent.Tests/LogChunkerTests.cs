using System.Collections.Concurrent;
using BuildFarm.Agent.Logs;

namespace BuildFarm.Agent.Tests;

public sealed class LogChunkerTests
{
    private sealed class Receiver
    {
        public ConcurrentQueue<(long Offset, byte[] Data)> Chunks { get; } = new();
        public int FailEvery { get; init; }
        private int calls;

        public Task SendAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken _)
        {
            if (FailEvery > 0 && Interlocked.Increment(ref calls) % FailEvery == 0) throw new IOException("network down");
            Chunks.Enqueue((offset, data.ToArray()));
            return Task.CompletedTask;
        }

        public byte[] Assembled()
        {
            long expected = 0;
            var all = new List<byte>();
            foreach (var (offset, data) in Chunks)
            {
                Assert.Equal(expected, offset);
                Assert.InRange(data.Length, 1, LogChunker.MaxChunk);
                expected += data.Length;
                all.AddRange(data);
            }
            return [.. all];
        }
    }

    [Fact]
    public async Task Offsets_are_continuous_and_nothing_is_lost()
    {
        var receiver = new Receiver();
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(5));
        var random = new Random(11);
        var written = new List<byte>();
        for (var i = 0; i < 400; i++)
        {
            var piece = new byte[random.Next(0, 5000)];
            random.NextBytes(piece);
            chunker.Write(piece);
            written.AddRange(piece);
            if (i % 50 == 0) await Task.Delay(10);
        }
        chunker.Write(new byte[200_000]);
        written.AddRange(new byte[200_000]);

        await chunker.CompleteAsync();

        Assert.Equal(written.ToArray(), receiver.Assembled());
        Assert.Equal(0, chunker.Dropped);
    }

    [Fact]
    public async Task A_failed_send_is_retried_at_the_same_offset()
    {
        var receiver = new Receiver { FailEvery = 3 };
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(5));
        var written = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            var line = System.Text.Encoding.UTF8.GetBytes($"line {i}\n");
            chunker.Write(line);
            written.AddRange(line);
            if (i % 10 == 0) await Task.Delay(15);
        }

        await chunker.CompleteAsync();

        Assert.Equal(written.ToArray(), receiver.Assembled());
    }

    [Fact]
    public async Task Concurrent_writers_lose_no_byte()
    {
        var receiver = new Receiver();
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(5));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++) chunker.Write([(byte)w, (byte)w, (byte)w]);
        })));
        await chunker.CompleteAsync();

        var all = receiver.Assembled();
        Assert.Equal(4 * 2000 * 3, all.Length);
        for (byte w = 0; w < 4; w++) Assert.Equal(6000, all.Count(b => b == w));
    }

    [Fact]
    public async Task Output_is_shipped_while_the_job_still_runs()
    {
        var receiver = new Receiver();
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(20));
        chunker.WriteLine("first line");

        var guard = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (receiver.Chunks.IsEmpty && DateTime.UtcNow < guard) await Task.Delay(10);

        Assert.Equal("first line\n"u8.ToArray(), receiver.Assembled());
        await chunker.CompleteAsync();
    }
}
