namespace BuildFarm.Agent;

/// <summary>One agent per work directory: two would share an identity and delete each other's workspaces.</summary>
internal sealed class WorkDirectoryLock : IDisposable
{
    private readonly FileStream file;

    private WorkDirectoryLock(FileStream file) => this.file = file;

    public static WorkDirectoryLock Acquire(string workDirectory)
    {
        var path = Path.Combine(workDirectory, "agent.lock");
        try
        {
            return new WorkDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new AgentException($"another agent is using the work directory {workDirectory} ({path} is locked); give each agent its own", e);
        }
    }

    public void Dispose() => file.Dispose();
}
