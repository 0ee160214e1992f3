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

    [Fact]
    public async Task Output_written_after_the_first_tick_goes_with_a_later_one()
    {
        var receiver = new Receiver();
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(20));
        chunker.WriteLine("first line");
        await WaitForAsync(() => receiver.Chunks.Count == 1);
        chunker.WriteLine("second line");
        await WaitForAsync(() => receiver.Chunks.Count == 2);

        Assert.Equal("first line\nsecond line\n"u8.ToArray(), receiver.Assembled());
        await chunker.CompleteAsync();
        Assert.Equal(2, receiver.Chunks.Count);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var guard = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition() && DateTime.UtcNow < guard) await Task.Delay(10);
    }

    [Fact]
    public async Task A_short_log_is_kept_whole_for_the_result()
    {
        var receiver = new Receiver();
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromHours(1));
        chunker.WriteLine("one");
        chunker.WriteLine("two");

        var tail = await chunker.CompleteKeepingTailAsync();

        Assert.Empty(receiver.Chunks);
        Assert.Equal(0, tail.Offset);
        Assert.Equal("one\ntwo\n"u8.ToArray(), tail.Data.ToArray());
    }

    [Fact]
    public async Task A_long_log_sends_all_but_its_last_chunk_and_the_tail_continues_it()
    {
        var receiver = new Receiver();
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromHours(1));
        var written = new byte[3 * LogChunker.MaxChunk + 1234];
        new Random(5).NextBytes(written);
        chunker.Write(written);

        var tail = await chunker.CompleteKeepingTailAsync();

        var sent = receiver.Assembled();
        Assert.Equal(sent.Length, tail.Offset);
        Assert.InRange(tail.Data.Length, 1, LogChunker.MaxChunk);
        Assert.Equal(written, sent.Concat(tail.Data.ToArray()).ToArray());
        Assert.Equal(0, chunker.Dropped);
    }

    [Fact]
    public async Task The_tail_starts_where_the_shipped_log_ends()
    {
        var receiver = new Receiver();
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(5));
        chunker.WriteLine("shipped while running");
        var guard = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (receiver.Chunks.IsEmpty && DateTime.UtcNow < guard) await Task.Delay(10);
        chunker.WriteLine("the end");

        var tail = await chunker.CompleteKeepingTailAsync();

        Assert.Equal("shipped while running\n"u8.ToArray(), receiver.Assembled());
        Assert.Equal(receiver.Assembled().Length, tail.Offset);
        Assert.Equal("the end\n"u8.ToArray(), tail.Data.ToArray());
    }

    [Fact]
    public async Task An_empty_log_sends_nothing()
    {
        var receiver = new Receiver();

        var tail = await new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(5)).CompleteKeepingTailAsync();
        await new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(5)).CompleteAsync();

        Assert.Empty(receiver.Chunks);
        Assert.True(tail.Data.IsEmpty);
    }

    [Fact]
    public async Task When_sending_keeps_failing_the_tail_is_the_first_unsent_chunk_and_the_rest_is_dropped()
    {
        var receiver = new Receiver { FailEvery = 1 };
        var chunker = new LogChunker(receiver.SendAsync, TimeSpan.FromMilliseconds(5));
        var written = new byte[2 * LogChunker.MaxChunk + 10];
        new Random(7).NextBytes(written);
        chunker.Write(written);

        var tail = await chunker.CompleteKeepingTailAsync();

        Assert.Empty(receiver.Chunks);
        Assert.Equal(0, tail.Offset);
        Assert.Equal(written[..LogChunker.MaxChunk], tail.Data.ToArray());
        Assert.Equal(written.Length - LogChunker.MaxChunk, chunker.Dropped);
    }
}
