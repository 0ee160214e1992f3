using System.Text;

namespace BuildFarm.Agent.Logs;

/// <summary>
/// Ships a job's log as it is written: bytes collect in a buffer and go out in chunks of at most 64 KiB, at least
/// every 200 ms, one send at a time, each at the offset where it starts. A failed send keeps its bytes and is tried
/// again at the same offset (the server's append is idempotent by offset), so nothing is lost or repeated.
/// Writers never wait for the network. At the end, the last chunk can be kept back to go out with the job's result.
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
    private readonly SecretMask mask = new();
    /// <summary>The sender, started by the first tick after the first bytes or by a full chunk: a short job's log goes
    /// whole with its result and never needs one.</summary>
    private Task? loop;
    /// <summary>The first tick, armed by the first bytes.</summary>
    private Timer? tick;
    private byte[] buffer = [];
    private int pending;
    private long sentOffset;
    private long dropped;
    private bool completing;
    /// <summary>Once completing: how many bytes at the end the last round leaves for the caller (0 or one chunk).</summary>
    private int kept;

    public LogChunker(Func<long, ReadOnlyMemory<byte>, CancellationToken, Task> send, TimeSpan? interval = null)
    {
        this.send = send;
        this.interval = interval ?? TimeSpan.FromMilliseconds(200);
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
        bool wakeLoop;
        lock (gate) wakeLoop = Append(completing || mask.IsEmpty ? data : mask.Process(data)) && !StartLoop(full: true);
        if (wakeLoop) wake.Release();
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
        if (data.IsEmpty) return false;
        if (loop is null && tick is null)
            tick = new Timer(static chunker => ((LogChunker)chunker!).Tick(), this, interval, Timeout.InfiniteTimeSpan);
        if (pending + data.Length > buffer.Length)
            Array.Resize(ref buffer, Math.Max(Math.Max(buffer.Length * 2, 4096), pending + data.Length));
        data.CopyTo(buffer.AsSpan(pending));
        var full = pending < MaxChunk && pending + data.Length >= MaxChunk;
        pending += data.Length;
        return full;
    }

    public void Write(ReadOnlyMemory<byte> data) => Write(data.Span);

    public void WriteLine(string text) => Write(Encoding.UTF8.GetBytes(text + "\n"));

    /// <summary>Sends what is left (a few more rounds if sending fails) and stops.</summary>
    public Task CompleteAsync() => FinishAsync(keepTail: false);

    /// <summary>
    /// Sends what is left except the last chunk (at most <see cref="MaxChunk"/> bytes, none when all was sent), stops,
    /// and answers that chunk with its offset, for the caller to send with the job's result (one call instead of two).
    /// What could not be sent before it, after a few rounds, is given up as <see cref="CompleteAsync"/> gives it up.
    /// </summary>
    public async Task<LogTail> CompleteKeepingTailAsync()
    {
        await FinishAsync(keepTail: true);
        lock (gate)
            return pending == 0 ? LogTail.None : new LogTail(sentOffset, buffer.AsSpan(0, pending).ToArray());
    }

    /// <summary>The first call decides whether a tail is kept; a second call waits for the same end.</summary>
    private async Task FinishAsync(bool keepTail)
    {
        Task running;
        lock (gate)
        {
            if (!completing)
            {
                Append(mask.Flush());
                completing = true;
                kept = keepTail ? MaxChunk : 0;
            }
            tick?.Dispose();
            tick = null;
            if (pending > kept) StartLoop(full: false);
            running = loop ?? Task.CompletedTask;
        }
        wake.Release();
        await running;
    }

    private void Tick()
    {
        lock (gate)
            if (!completing) StartLoop(full: false);
    }

    /// <summary>Under the lock: starts the sender unless it runs already; true when this call started it.</summary>
    private bool StartLoop(bool full)
    {
        if (loop is not null) return false;
        tick?.Dispose();
        tick = null;
        loop = Task.Run(() => LoopAsync(full));
        return true;
    }

    private async Task LoopAsync(bool full)
    {
        var finalTries = 0;
        while (true)
        {
            bool last;
            int keep;
            lock (gate) (last, keep) = (completing, completing ? kept : full ? MaxChunk - 1 : 0);
            var sentAll = await SendPendingAsync(keep);
            if (last && (sentAll || ++finalTries >= FinalTries))
            {
                if (!sentAll)
                    lock (gate)
                    {
                        // A kept tail starts where the sent log ends, so it can only be the first of the unsent bytes.
                        var tail = Math.Min(pending, keep);
                        dropped += pending - tail;
                        pending = tail;
                    }
                return;
            }
            // Woken by a full chunk: the full chunks go now, the rest with the next tick (or the end, or the result).
            full = await wake.WaitAsync(interval);
        }
    }

    /// <summary>Sends chunks until at most <paramref name="keep"/> bytes are pending; false when a send failed.</summary>
    private async Task<bool> SendPendingAsync(int keep)
    {
        while (true)
        {
            byte[] chunk;
            long offset;
            lock (gate)
            {
                if (pending <= keep) return true;
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
