using System.Diagnostics;

namespace BuildFarm.Tests.Shared;

/// <summary>A real git repository in a temporary folder, for tests that fetch, poll or serve it. Deleted on dispose.</summary>
public sealed class TestGitRepository : IDisposable
{
    private TestGitRepository(string directory) => Directory = directory;

    /// <summary>The working repository (commits are made here; servers serve it as it is).</summary>
    public string Directory { get; }

    public string FileUrl => "file://" + Directory;

    public static TestGitRepository Create(string? parent = null, string name = "repo")
    {
        var directory = Path.Combine(parent ?? Path.Combine(Path.GetTempPath(), "farm-git-" + Guid.NewGuid().ToString("n")[..10]), name);
        System.IO.Directory.CreateDirectory(directory);
        var repository = new TestGitRepository(directory);
        repository.Git("init", "--quiet", "--initial-branch", "main");
        repository.Git("config", "user.name", "Test Author");
        repository.Git("config", "user.email", "author@example.com");
        repository.Git("config", "commit.gpgsign", "false");
        // Servers must hand out a commit by its id, as GitHub and GitLab do.
        repository.Git("config", "uploadpack.allowReachableSHA1InWant", "true");
        repository.Git("config", "receive.denyCurrentBranch", "ignore");
        return repository;
    }

    /// <summary>Writes the files (path, content), commits everything, and answers the new commit id.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(Directory, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        Git("add", "--all");
        Git("commit", "--quiet", "--allow-empty", "-m", message);
        return Head();
    }

    public string Head(string reference = "HEAD") => Git("rev-parse", reference).Trim();

    public void Checkout(string branch, bool create = false)
    {
        if (create) Git("checkout", "--quiet", "-b", branch);
        else Git("checkout", "--quiet", branch);
    }

    public void Tag(string name) => Git("tag", "-a", name, "-m", "tag " + name);

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        return output;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true); }
        catch (IOException) { }
    }
}
