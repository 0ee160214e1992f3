namespace BuildFarm.Bench.Launch;

/// <summary>The built `farm` CLI (Release; bench.sh builds it) and the repository it belongs to.</summary>
public static class FarmBinary
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The build under test; FARM_BENCH_DLL points at another (a copy of an earlier build, for before/after rows).</summary>
    public static string Dll { get; } = Environment.GetEnvironmentVariable("FARM_BENCH_DLL") is { Length: > 0 } other
        ? Path.GetFullPath(other)
        : Path.Combine(RepositoryRoot, "src", "BuildFarm.Cli", "bin", "Release", "net10.0", "farm.dll");

    /// <summary>Starts `dotnet farm.dll ARGS`.</summary>
    public static ChildProcess Start(IEnumerable<string> arguments, string logFile, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!File.Exists(Dll)) throw new BenchException($"the farm CLI is not built at {Dll}; run ./bench.sh (it builds it)");
        var settings = new Dictionary<string, string?>
        {
            // The farm under test must not pick up a developer's own farm.
            ["FARM_SERVER"] = null,
            ["FARM_TOKEN"] = null,
            ["FARM_REGISTRATION_TOKEN"] = null,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) settings[key] = value;
        return ChildProcess.Start("dotnet", [Dll, .. arguments], logFile, settings);
    }

    /// <summary>Above the driver's own folder, else above the current directory (a copied driver run from the checkout).</summary>
    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "BuildFarm.sln"))) return dir.FullName;
        throw new BenchException($"cannot find the repository root (BuildFarm.sln) above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }
}
