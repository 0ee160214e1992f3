namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// The commands CodeBuild puts on a build's PATH for test splitting, <c>codebuild-tests-run</c> and
/// <c>codebuild-glob-search</c> (bash scripts shipped inside the agent), written into the job's private folder.
/// </summary>
internal static class BuildspecTools
{
    private static readonly string[] Names = ["codebuild-tests-run", "codebuild-glob-search"];

    public static async Task InstallAsync(string directory, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in Names)
        {
            await using var resource = typeof(BuildspecTools).Assembly.GetManifestResourceStream($"tools/{name}")
                                       ?? throw new InvalidOperationException($"the agent was built without its '{name}' script");
            var path = Path.Combine(directory, name);
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
                await resource.CopyToAsync(file, cancellationToken);
            File.SetUnixFileMode(path, (UnixFileMode)Transfer.FileModes.Executable);
        }
        var inherited = environment.TryGetValue("PATH", out var set) ? set : Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        environment["PATH"] = $"{directory}:{inherited}";
    }
}
