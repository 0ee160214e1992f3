using System.Text;

namespace BuildFarm.Agent.Logs;

/// <summary>
/// Ships a job's log as it is written: bytes collect in a buffer and go out in chunks of at most 64 KiB, at least
/// every 200 ms, one send at a time, each at the offset where it starts. A failed send keeps its bytes and is tried
/// again at the same offset (the server's append is idempotent by offset), so nothing is lost or repeated.
/// Writers never wait for the network.
/// </summary>
internal sealed class LogChunker
{
    public const int MaxChunk = 64 * 1024;

    /// <summary>A job that floods its log while the server is unreachable loses the excess, not the agent's memory.</summary>
    private const int MaxPending = 32 * 1024 * 1024;

    /// <summary>Once complete, a failing sender gets this many more rounds before the rest is given up.</summary>
    private const int FinalTries = 3;

    private readonly Func<long, ReadOnlyMemory<byte>, CancellationToken, Task> send;
    private readonly TimeSpan interval;
    private readonly Lock gate = new();
    private readonly SemaphoreSlim wake = new(0);
    private readonly Task loop;
    private readonly SecretMask mask = new();
    private byte[] buffer = new byte[MaxChunk];
    private int pending;
    private long sentOffset;
    private long dropped;
    private bool completing;

    public LogChunker(Func<long, ReadOnlyMemory<byte>, CancellationToken, Task> send, TimeSpan? interval = null)
    {
        this.send = send;
        this.interval = interval ?? TimeSpan.FromMilliseconds(200);
        loop = Task.Run(LoopAsync);
    }

    /// <summary>Bytes that could not be kept (see <see cref="MaxPending"/>), came after completion, or could not be sent.</summary>
    public long Dropped
    {
        get { lock (gate) return dropped; }
    }

    /// <summary>From now on, every occurrence of <paramref name="value"/> in the log is shipped as <c>***</c>.</summary>
    public void Mask(string value)
    {
        lock (gate) mask.Add(value);
    }

    /// <summary><paramref name="text"/> with every value given to <see cref="Mask"/> replaced by <c>***</c>.</summary>
    public string Masked(string text)
    {
        lock (gate) return mask.Text(text);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        bool full;
        lock (gate) full = Append(completing || mask.IsEmpty ? data : mask.Process(data));
        if (full) wake.Release();
    }

    /// <summary>Under the lock: true when the buffer just filled a chunk.</summary>
    private bool Append(ReadOnlySpan<byte> data)
    {
        // Late output (from a process that escaped its group) after completion has nowhere to go.
        if (completing || pending + data.Length > MaxPending)
        {
            dropped += data.Length;
            return false;
        }
        if (pending + data.Length > buffer.Length)
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, pending + data.Length));
        data.CopyTo(buffer.AsSpan(pending));
        var full = pending < MaxChunk && pending + data.Length >= MaxChunk;
        pending += data.Length;
        return full;
    }

    public void Write(ReadOnlyMemory<byte> data) => Write(data.Span);

    public void WriteLine(string text) => Write(Encoding.UTF8.GetBytes(text + "\n"));

    /// <summary>Sends what is left (a few more rounds if sending fails) and stops.</summary>
    public async Task CompleteAsync()
    {
        lock (gate)
        {
            Append(mask.Flush());
            completing = true;
        }
        wake.Release();
        await loop;
    }

    private async Task LoopAsync()
    {
        var finalTries = 0;
        while (true)
        {
            await wake.WaitAsync(interval);
            bool last;
            lock (gate) last = completing;
            var sentAll = await SendPendingAsync();
            if (!last || (!sentAll && ++finalTries < FinalTries)) continue;
            if (!sentAll)
                lock (gate) dropped += pending;
            return;
        }
    }

    private async Task<bool> SendPendingAsync()
    {
        while (true)
        {
            byte[] chunk;
            long offset;
            lock (gate)
            {
                if (pending == 0) return true;
                chunk = buffer.AsSpan(0, Math.Min(pending, MaxChunk)).ToArray();
                offset = sentOffset;
            }
            try
            {
                await send(offset, chunk, CancellationToken.None);
            }
            catch (Exception)
            {
                // Kept for the next tick; the sender already retried and reported what it could.
                return false;
            }
            lock (gate)
            {
                buffer.AsSpan(chunk.Length, pending - chunk.Length).CopyTo(buffer);
                pending -= chunk.Length;
                sentOffset += chunk.Length;
            }
        }
    }
}
