using BuildFarm.Agent.Files;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Tests;

public sealed class ArtifactUploaderTests : TransferTestBase
{
    private readonly ArtifactUploader uploader;

    public ArtifactUploaderTests() => uploader = new ArtifactUploader(Store, Cache);

    [Fact]
    public async Task Uploads_the_files_and_a_tree_that_names_them()
    {
        var large = new byte[2 * 1024 * 1024 + 17];
        new Random(3).NextBytes(large);
        Dir.Write("out/app", "#!/bin/sh\n", (UnixFileMode)0x1ED);
        Dir.Write("out/readme.txt", "read me");
        Dir.Write("out/copy.txt", "read me");
        File.WriteAllBytes(Dir.Combine("out/large.bin"), large);

        var uploaded = await uploader.UploadAsync(FileWalker.Walk(Dir.Combine("out")), CancellationToken.None);

        var tree = ArtifactTree.Decode(Store.Blobs[uploaded.Tree]);
        Assert.Equal(["app", "copy.txt", "large.bin", "readme.txt"], tree.Entries.Select(e => e.Path));
        Assert.Equal([0x1ED, 0x1A4, 0x1A4, 0x1A4], tree.Entries.Select(e => e.Mode));
        Assert.Equal(large, Store.Blobs[tree.Entries[2].Digest]);
        Assert.Equal("read me"u8.ToArray(), Store.Blobs[tree.Entries[3].Digest]);
        Assert.Equal(3, uploaded.SentBlobs);
        Assert.Equal(1, Store.StreamWrites);
        Assert.True(Cache.Contains(uploaded.Tree));
        Assert.All(tree.Entries, e => Assert.True(Cache.Contains(e.Digest)));
    }

    [Fact]
    public async Task Uploading_unchanged_files_again_sends_nothing()
    {
        Dir.Write("out/a.txt", "a");
        Dir.Write("out/b.txt", "b");
        var first = await uploader.UploadAsync(FileWalker.Walk(Dir.Combine("out")), CancellationToken.None);
        var writes = Store.Written.Count;

        var second = await uploader.UploadAsync(FileWalker.Walk(Dir.Combine("out")), CancellationToken.None);

        Assert.Equal(first.Tree, second.Tree);
        Assert.Equal(0, second.SentBlobs);
        Assert.Equal(writes, Store.Written.Count);
    }

    [Fact]
    public async Task The_tree_is_sent_after_every_file_blob()
    {
        Dir.Write("out/a.txt", "a");
        Dir.Write("out/b.txt", "b");

        var uploaded = await uploader.UploadAsync(FileWalker.Walk(Dir.Combine("out")), CancellationToken.None);

        Assert.Equal(3, Store.Written.Count);
        Assert.Equal(uploaded.Tree, Store.Written.Last());
    }

    [Fact]
    public async Task A_file_that_changed_after_hashing_is_not_cached()
    {
        var path = Dir.Write("f.txt", "original");
        var digest = Digest.Of("original"u8);
        File.WriteAllText(path, "modified");

        var error = await Assert.ThrowsAsync<ContentTransferException>(() => Cache.PutFileAsync(digest, path, CancellationToken.None));

        Assert.Contains("changed while it was being uploaded", error.Message);
        Assert.False(Cache.Contains(digest));
    }

    [Fact]
    public void Small_blobs_are_batched_within_the_size_limit_and_large_ones_streamed()
    {
        var small = Enumerable.Range(0, 5).Select(i => new Digest(new string((char)('a' + i), 64), 700 * 1024)).ToList();
        var large = new Digest(new string('f', 64), 5 * 1024 * 1024);

        var plan = TransferPlan.For([.. small, large, small[0]]);

        Assert.Equal([large], plan.Streams);
        Assert.Equal([2, 2, 1], plan.Batches.Select(b => b.Count));
        Assert.All(plan.Batches, b => Assert.True(b.Sum(d => d.SizeBytes) <= TransferPlan.BatchBytes));
    }
}
