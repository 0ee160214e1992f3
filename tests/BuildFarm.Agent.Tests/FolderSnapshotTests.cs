using BuildFarm.Agent.Files;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Executions;

namespace BuildFarm.Agent.Tests;

public sealed class FolderSnapshotTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Takes_every_regular_file_with_relative_paths_and_exec_modes()
    {
        dir.Write("run.sh", "#!/bin/sh", (UnixFileMode)0x1C0); // 0700: executable for the owner
        dir.Write("src/main.c", "int main;", (UnixFileMode)0x180); // 0600
        dir.Write(".config/settings", "x");
        Directory.CreateDirectory(dir.Combine("empty"));

        var files = FolderSnapshot.Take(dir.Path, null);

        Assert.Equal([".config/settings", "run.sh", "src/main.c"], files.Select(f => f.RelativePath));
        Assert.Equal([FileModes.Regular, FileModes.Executable, FileModes.Regular], files.Select(f => f.Mode));
    }

    [Fact]
    public void Excluded_globs_are_left_out()
    {
        dir.Write("src/main.c", "x");
        dir.Write("node_modules/pkg/index.js", "x");
        dir.Write("build/out.o", "x");
        dir.Write("debug.log", "x");

        var files = FolderSnapshot.Take(dir.Path, "node_modules/**, *.log,build/**");

        Assert.Equal(["src/main.c"], files.Select(f => f.RelativePath));
    }

    [Fact]
    public void Links_that_leave_the_folder_are_skipped_and_links_inside_are_kept()
    {
        using var outside = new TempDirectory();
        var secret = outside.Write("secret", "s");
        var inside = dir.Write("real.txt", "r");
        File.CreateSymbolicLink(dir.Combine("escape"), secret);
        File.CreateSymbolicLink(dir.Combine("escape-dir"), outside.Path);
        File.CreateSymbolicLink(dir.Combine("alias.txt"), inside);
        File.CreateSymbolicLink(dir.Combine("dangling"), dir.Combine("nothing"));

        var files = FolderSnapshot.Take(dir.Path, null);

        Assert.Equal(["alias.txt", "real.txt"], files.Select(f => f.RelativePath));
    }

    [Fact]
    public void A_missing_folder_is_a_configuration_error_naming_the_path()
    {
        var missing = dir.Combine("not-there");

        var error = Assert.Throws<JobFailureException>(() => FolderSnapshot.Take(missing, null));

        Assert.Equal(ErrorKind.ConfigurationError, error.Kind);
        Assert.Contains(missing, error.Message);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("")]
    public void A_path_that_is_not_absolute_is_a_configuration_error(string path)
    {
        var error = Assert.Throws<JobFailureException>(() => FolderSnapshot.Take(path, null));

        Assert.Equal(ErrorKind.ConfigurationError, error.Kind);
        Assert.Contains("'Path'", error.Message);
    }
}
