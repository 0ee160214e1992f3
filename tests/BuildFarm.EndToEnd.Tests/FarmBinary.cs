using System.Diagnostics;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>The built `farm` CLI (test.sh builds it before the tests run), started as `dotnet farm.dll`.</summary>
public static class FarmBinary
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The same configuration as this test assembly (Release under test.sh).</summary>
    public static string Dll { get; } = Path.Combine(RepositoryRoot, "src", "BuildFarm.Cli", "bin",
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "farm.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        if (!File.Exists(Dll)) throw new FileNotFoundException($"the farm CLI is not built at {Dll}; run ./test.sh (it builds it)");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("FARM_SERVER");
        start.Environment.Remove("FARM_TOKEN");
        start.Environment["FARM_DATA"] = Path.Combine(Path.GetTempPath(), "farm-e2e-no-default-data");
        return start;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BuildFarm.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (BuildFarm.sln) above " + AppContext.BaseDirectory);
    }
}
