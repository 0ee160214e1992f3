using BuildFarm.Agent.Files;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Core.Executions;

namespace BuildFarm.Agent.Tests;

public sealed class OutputCollectorTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private IReadOnlyList<string> Collect(params string[] globs) =>
        OutputCollector.Collect(dir.Path, "bin", globs).Select(f => f.RelativePath).ToList();

    [Fact]
    public void Globs_match_relative_to_the_working_directory()
    {
        dir.Write("out/app", "x");
        dir.Write("out/lib/util.so", "x");
        dir.Write("out/.hidden", "x");
        dir.Write("notes.txt", "x");
        dir.Write("src/main.c", "x");

        Assert.Equal(["out/.hidden", "out/app", "out/lib/util.so"], Collect("out/**"));
        Assert.Equal(["notes.txt"], Collect("*.txt"));
        Assert.Equal(["notes.txt", "src/main.c"], Collect("*.txt", "src/*.c"));
    }

    [Fact]
    public void No_matching_file_is_a_configuration_error_that_names_the_artifact_and_glob()
    {
        dir.Write("src/main.c", "x");

        var error = Assert.Throws<JobFailureException>(() => Collect("out/**"));

        Assert.Equal(ErrorKind.ConfigurationError, error.Kind);
        Assert.Equal("output artifact 'bin': no file matches 'out/**' in the working directory", error.Message);
    }

    [Fact]
    public void A_glob_cannot_reach_outside_the_working_directory()
    {
        using var outside = new TempDirectory();
        File.WriteAllText(outside.Combine("secret"), "s");
        dir.Write("out/a", "a");
        File.CreateSymbolicLink(dir.Combine("out/escape"), outside.Combine("secret"));
        File.CreateSymbolicLink(dir.Combine("out/dir"), outside.Path);

        Assert.Equal(["out/a"], Collect("out/**"));
        Assert.Throws<JobFailureException>(() => Collect("../**"));
    }

    [Fact]
    public void A_link_to_a_file_inside_the_working_directory_counts_as_that_file()
    {
        var real = dir.Write("build/app", "binary");
        File.CreateSymbolicLink(dir.Combine("app-latest"), real);

        var files = OutputCollector.Collect(dir.Path, "bin", ["app-latest"]);

        Assert.Equal(real, Assert.Single(files).FullPath);
    }
}
