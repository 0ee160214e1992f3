namespace BuildFarm.Agent.Logs;

/// <summary>The end of a job's log that was kept back to go out with its result: the bytes and the offset they start at.</summary>
internal sealed record LogTail(long Offset, ReadOnlyMemory<byte> Data)
{
    public static LogTail None { get; } = new(0, ReadOnlyMemory<byte>.Empty);
}
