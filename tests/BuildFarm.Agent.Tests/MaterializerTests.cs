using System.Text;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Tests;

public sealed class MaterializerTests : TransferTestBase
{
    private readonly ArtifactDownloader downloader;

    public MaterializerTests() => downloader = new ArtifactDownloader(Store, Cache);

    private Digest AddTree(params (string Path, byte[] Data, int Mode)[] files)
    {
        var tree = ArtifactTree.Create(files.Select(f => new TreeEntry(f.Path, Store.Add(f.Data), f.Mode)));
        return Store.Add(tree.Encode());
    }

    private async Task<string> MaterializeAsync(Digest tree)
    {
        var target = Dir.Combine("target");
        var artifact = await downloader.FetchAsync(tree, CancellationToken.None);
        await Materializer.MaterializeAsync(artifact.Tree, Cache, target, CancellationToken.None);
        return target;
    }

    [Fact]
    public async Task Files_arrive_byte_identical_with_their_modes()
    {
        var large = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(large);
        var tree = AddTree(
            ("build.sh", "#!/bin/sh\necho hi\n"u8.ToArray(), 0x1ED),
            ("src/lib/a.txt", "alpha"u8.ToArray(), 0x1A4),
            ("src/empty", [], 0x1A4),
            ("data/large.bin", large, 0x1A4));

        var target = await MaterializeAsync(tree);

        Assert.Equal("#!/bin/sh\necho hi\n", File.ReadAllText(Path.Combine(target, "build.sh")));
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "src/lib/a.txt")));
        Assert.Empty(File.ReadAllBytes(Path.Combine(target, "src/empty")));
        Assert.Equal(large, File.ReadAllBytes(Path.Combine(target, "data/large.bin")));
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(target, "build.sh")));
        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(Path.Combine(target, "src/lib/a.txt")));
        Assert.Equal(1, Store.StreamReads);
    }

    [Fact]
    public async Task Blobs_already_in_the_cache_are_not_fetched_again()
    {
        var tree = AddTree(("a", "1"u8.ToArray(), 0x1A4), ("b", "2"u8.ToArray(), 0x1A4));
        var first = await downloader.FetchAsync(tree, CancellationToken.None);
        var readsAfterFirst = Store.BatchReads;

        var second = await downloader.FetchAsync(tree, CancellationToken.None);

        Assert.Equal(2, first.FetchedBlobs);
        Assert.Equal(0, second.FetchedBlobs);
        Assert.Equal(readsAfterFirst, Store.BatchReads);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/etc/passwd")]
    public async Task A_tree_with_an_escaping_path_is_refused_and_nothing_is_written(string path)
    {
        var blob = Store.Add("evil"u8.ToArray());
        var tree = Store.Add(Encoding.UTF8.GetBytes($"buildfarm-tree/1\n644 {blob.Hash} {blob.SizeBytes} {path}\n"));

        var error = await Assert.ThrowsAsync<ContentTransferException>(() => MaterializeAsync(tree));

        Assert.Contains("not a valid artifact tree", error.Message);
        Assert.False(Directory.Exists(Dir.Combine("target")));
        Assert.False(File.Exists(Dir.Combine("x")));
    }

    [Fact]
    public async Task A_pre_existing_symbolic_link_is_never_followed()
    {
        var outside = Directory.CreateDirectory(Dir.Combine("outside")).FullName;
        var target = Directory.CreateDirectory(Dir.Combine("target")).FullName;
        File.CreateSymbolicLink(Path.Combine(target, "lib"), outside);
        var tree = AddTree(("lib/planted.txt", "x"u8.ToArray(), 0x1A4));

        var error = await Assert.ThrowsAsync<ContentTransferException>(() => MaterializeAsync(tree));

        Assert.Contains("symbolic link", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task A_symbolic_link_planted_at_a_file_path_is_not_written_through()
    {
        var victim = Dir.Write("victim.txt", "keep");
        var target = Directory.CreateDirectory(Dir.Combine("target")).FullName;
        File.CreateSymbolicLink(Path.Combine(target, "out.txt"), victim);
        var tree = AddTree(("out.txt", "overwritten"u8.ToArray(), 0x1A4));

        await Assert.ThrowsAsync<ContentTransferException>(() => MaterializeAsync(tree));

        Assert.Equal("keep", File.ReadAllText(victim));
    }

    [Fact]
    public async Task A_blob_whose_bytes_miss_its_digest_is_refused_and_not_cached()
    {
        var claimed = Digest.Of("the real content"u8);
        Store.AddUnchecked(claimed, "tampered content"u8.ToArray());
        var tree = Store.Add(ArtifactTree.Create([new TreeEntry("f", claimed, 0x1A4)]).Encode());

        var error = await Assert.ThrowsAsync<ContentTransferException>(() => MaterializeAsync(tree));

        Assert.Contains(claimed.ToString(), error.Message);
        Assert.False(Cache.Contains(claimed));
    }

    [Fact]
    public async Task A_blob_the_store_lacks_fails_the_download()
    {
        var absent = Digest.Of("nowhere"u8);
        var tree = Store.Add(ArtifactTree.Create([new TreeEntry("f", absent, 0x1A4)]).Encode());

        var error = await Assert.ThrowsAsync<ContentTransferException>(() => MaterializeAsync(tree));

        Assert.Contains(absent.ToString(), error.Message);
    }
}
