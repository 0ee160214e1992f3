namespace BuildFarm.Bench.Launch;

/// <summary>The built `farm` CLI (Release; bench.sh builds it) and the repository it belongs to.</summary>
public static class FarmBinary
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Dll { get; } = Path.Combine(RepositoryRoot, "src", "BuildFarm.Cli", "bin", "Release", "net10.0", "farm.dll");

    /// <summary>Starts `dotnet farm.dll ARGS`.</summary>
    public static ChildProcess Start(IEnumerable<string> arguments, string logFile)
    {
        if (!File.Exists(Dll)) throw new BenchException($"the farm CLI is not built at {Dll}; run ./bench.sh (it builds it)");
        return ChildProcess.Start("dotnet", [Dll, .. arguments], logFile, new Dictionary<string, string?>
        {
            // The farm under test must not pick up a developer's own farm.
            ["FARM_SERVER"] = null,
            ["FARM_TOKEN"] = null,
            ["FARM_REGISTRATION_TOKEN"] = null,
        });
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BuildFarm.sln"))) return dir.FullName;
        throw new BenchException("cannot find the repository root (BuildFarm.sln) above " + AppContext.BaseDirectory);
    }
}
