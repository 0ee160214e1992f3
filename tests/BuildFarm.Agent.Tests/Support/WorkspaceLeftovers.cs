namespace BuildFarm.Agent.Tests.Support;

/// <summary>What jobs left in an agent's workspaces (<c>WORK/jobs/N/</c>): anything but each one's empty <c>src/</c>.</summary>
internal static class WorkspaceLeftovers
{
    public static List<string> In(string jobsDirectory) =>
        !Directory.Exists(jobsDirectory)
            ? []
            : Directory.GetDirectories(jobsDirectory)
                .SelectMany(workspace => Directory.GetFileSystemEntries(workspace)
                    .Where(entry => Path.GetFileName(entry) != "src" || new DirectoryInfo(entry).LinkTarget is not null)
                    .Concat(Directory.Exists(Path.Combine(workspace, "src")) ? Directory.GetFileSystemEntries(Path.Combine(workspace, "src")) : []))
                .Concat(Directory.GetFiles(jobsDirectory))
                .ToList();
}
