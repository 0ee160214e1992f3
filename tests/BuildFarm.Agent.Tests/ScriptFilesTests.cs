using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Tests.Support;

namespace BuildFarm.Agent.Tests;

public sealed class ScriptFilesTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void A_returned_file_is_rewritten_for_the_next_script_and_holds_only_it()
    {
        var scripts = new ScriptFiles(dir.Combine("scripts"));
        var first = scripts.Write("echo a long first script\n");
        scripts.Return(first);

        var second = scripts.Write("true\n");

        Assert.Equal(first, second);
        Assert.Equal("true\n", File.ReadAllText(second));
        Assert.Single(Directory.GetFileSystemEntries(dir.Combine("scripts")));
    }

    [Fact]
    public void Scripts_of_jobs_running_at_once_get_files_of_their_own()
    {
        var scripts = new ScriptFiles(dir.Combine("scripts"));

        var a = scripts.Write("echo a\n");
        var b = scripts.Write("echo b\n");

        Assert.NotEqual(a, b);
        Assert.Equal("echo a\n", File.ReadAllText(a));
        Assert.Equal("echo b\n", File.ReadAllText(b));
    }

    [Fact]
    public void A_file_a_job_replaced_with_a_link_is_never_written_through()
    {
        var scripts = new ScriptFiles(dir.Combine("scripts"));
        var used = scripts.Write("true\n");
        scripts.Return(used);
        var elsewhere = dir.Write("elsewhere.txt", "keep me\n");
        File.Delete(used);
        File.CreateSymbolicLink(used, elsewhere);

        var next = scripts.Write("echo next\n");

        Assert.NotEqual(used, next);
        Assert.Equal("echo next\n", File.ReadAllText(next));
        Assert.Equal("keep me\n", File.ReadAllText(elsewhere));
    }
}
