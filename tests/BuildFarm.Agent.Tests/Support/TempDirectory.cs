namespace BuildFarm.Agent.Tests.Support;

/// <summary>A real directory under /tmp, deleted with everything in it.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("farm-agent-test-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string Write(string relative, string content, UnixFileMode? mode = null)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        if (mode is { } m) File.SetUnixFileMode(full, m);
        return full;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path)) BuildFarm.Agent.Jobs.JobWorkspace.ForceDelete(Path);
    }
}
