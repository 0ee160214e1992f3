using BuildFarm.Agent.Tests.Support;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Tests;

/// <summary>Inputs hard-linked from the agent's blob cache (--link-inputs), and the copy they fall back to.</summary>
public sealed class LinkedInputsTests : TransferTestBase
{
    private const int Regular = 0x1A4;
    private const int Executable = 0x1ED;

    private async Task<(string Target, ArtifactTree Tree)> MaterializeAsync(LinkedInputs links, BlobCache cache, params (string Path, string Text, int Mode)[] files)
    {
        var tree = ArtifactTree.Create(files.Select(f => new TreeEntry(f.Path, Store.Add(System.Text.Encoding.UTF8.GetBytes(f.Text)), f.Mode)));
        var artifact = await new ArtifactDownloader(Store, cache).FetchAsync(Store.Add(tree.Encode()), CancellationToken.None);
        var target = Dir.Combine("work-" + Guid.NewGuid().ToString("n")[..6]);
        await Materializer.MaterializeAsync(artifact.Tree, cache, target, CancellationToken.None, links);
        return (target, artifact.Tree);
    }

    private static Digest DigestOf(ArtifactTree tree, string path) => tree.Entries.Single(e => e.Path == path).Digest;

    [Fact]
    public async Task Regular_files_are_linked_once_per_blob_and_executables_and_repeats_are_copied()
    {
        var links = new LinkedInputs();
        var (target, tree) = await MaterializeAsync(links, Cache, ("a.txt", "alpha", Regular), ("same.txt", "alpha", Regular), ("run.sh", "echo", Executable));

        Assert.Equal(1, links.Count);
        Assert.Equal(["alpha", "alpha", "echo"], new[] { "a.txt", "same.txt", "run.sh" }.Select(f => File.ReadAllText(Path.Combine(target, f))));
        // a.txt is the cached blob's file itself: a write through it shows in the cache; the copies are files of their own.
        await File.AppendAllTextAsync(Path.Combine(target, "a.txt"), "!");
        Assert.Equal("alpha!", await File.ReadAllTextAsync(Cache.PathOf(DigestOf(tree, "a.txt"))));
        Assert.Equal("alpha", await File.ReadAllTextAsync(Path.Combine(target, "same.txt")));
        Assert.Equal((UnixFileMode)Executable, File.GetUnixFileMode(Path.Combine(target, "run.sh")));
    }

    [Fact]
    public async Task Two_input_trees_of_one_job_with_the_same_content_get_one_link_and_one_copy()
    {
        var links = new LinkedInputs();
        var (first, _) = await MaterializeAsync(links, Cache, ("a.txt", "shared", Regular));
        var (second, _) = await MaterializeAsync(links, Cache, ("b.txt", "shared", Regular));

        Assert.Equal(1, links.Count);
        await File.AppendAllTextAsync(Path.Combine(first, "a.txt"), "!");
        Assert.Equal("shared", await File.ReadAllTextAsync(Path.Combine(second, "b.txt")));
    }

    [Fact]
    public async Task A_linked_blob_the_job_changed_in_place_is_dropped_from_the_cache_and_fetched_again_next_time()
    {
        var links = new LinkedInputs();
        var (target, tree) = await MaterializeAsync(links, Cache, ("a.txt", "alpha", Regular), ("b.txt", "beta", Regular));
        await File.WriteAllTextAsync(Path.Combine(target, "a.txt"), "changed by the job");

        var changed = links.DropChanged(Cache);

        Assert.Equal([Path.Combine(target, "a.txt")], changed);
        Assert.False(Cache.Contains(DigestOf(tree, "a.txt")));
        Assert.True(Cache.Contains(DigestOf(tree, "b.txt")));
        var (again, _) = await MaterializeAsync(new LinkedInputs(), Cache, ("a.txt", "alpha", Regular));
        Assert.Equal("alpha", await File.ReadAllTextAsync(Path.Combine(again, "a.txt")));
    }

    [Fact]
    public async Task A_cache_on_another_file_system_is_copied_from_instead()
    {
        var shm = Path.Combine("/dev/shm", "farm-link-test-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            var links = new LinkedInputs();
            var (target, _) = await MaterializeAsync(links, new BlobCache(shm), ("a.txt", "alpha", Regular), ("b.txt", "beta", Regular));
            Assert.Equal(0, links.Count);
            Assert.Equal("alpha", await File.ReadAllTextAsync(Path.Combine(target, "a.txt")));
            Assert.Equal("beta", await File.ReadAllTextAsync(Path.Combine(target, "b.txt")));
        }
        finally
        {
            if (Directory.Exists(shm)) Directory.Delete(shm, recursive: true);
        }
    }
}
