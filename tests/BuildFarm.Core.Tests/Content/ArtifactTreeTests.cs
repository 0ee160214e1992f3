using System.Text;
using BuildFarm.Core.Content;

namespace BuildFarm.Core.Tests.Content;

public sealed class ArtifactTreeTests
{
    private static readonly Digest Abc = Digest.Of("abc"u8);
    private static readonly Digest Hello = Digest.Of("hello\n"u8);

    private static ArtifactTree Sample() => ArtifactTree.Create(
    [
        new TreeEntry("src/main.c", Abc, 0x1A4),
        new TreeEntry("README", Hello, 0x1A4),
        new TreeEntry("bin/run", Abc, 0x1ED),
    ]);

    private static string Line(Digest digest, string path, string mode = "644") => $"{mode} {digest.Hash} {digest.SizeBytes} {path}\n";

    private static InvalidTreeException Refused(string text) =>
        Assert.Throws<InvalidTreeException>(() => ArtifactTree.Decode(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Encoding_is_canonical_sorted_by_ordinal_path()
    {
        var expected = "buildfarm-tree/1\n" + Line(Hello, "README") + Line(Abc, "bin/run", "755") + Line(Abc, "src/main.c");
        Assert.Equal(expected, Encoding.UTF8.GetString(Sample().Encode()));
    }

    [Fact]
    public void Encoding_and_digest_do_not_depend_on_input_order()
    {
        var reversed = ArtifactTree.Create(Sample().Entries.Reverse());
        Assert.Equal(Sample().Encode(), reversed.Encode());
        Assert.Equal(Sample().ComputeDigest(), reversed.ComputeDigest());
        Assert.Equal(Digest.Of(Sample().Encode()), Sample().ComputeDigest());
    }

    [Fact]
    public void Different_content_gives_a_different_digest()
    {
        var changed = ArtifactTree.Create([.. Sample().Entries.Where(e => e.Path != "README"), new TreeEntry("README", Abc, 0x1A4)]);
        Assert.NotEqual(Sample().ComputeDigest(), changed.ComputeDigest());
        var modeChanged = ArtifactTree.Create([.. Sample().Entries.Where(e => e.Path != "README"), new TreeEntry("README", Hello, 0x1ED)]);
        Assert.NotEqual(Sample().ComputeDigest(), modeChanged.ComputeDigest());
    }

    [Fact]
    public void Decode_of_encode_gives_the_same_tree()
    {
        var decoded = ArtifactTree.Decode(Sample().Encode());
        Assert.Equal(Sample().Entries, decoded.Entries);
        Assert.Equal(Abc.SizeBytes * 2 + Hello.SizeBytes, decoded.TotalSize);
    }

    [Fact]
    public void An_empty_tree_round_trips()
    {
        var empty = ArtifactTree.Create([]);
        Assert.Equal("buildfarm-tree/1\n", Encoding.UTF8.GetString(empty.Encode()));
        Assert.Empty(ArtifactTree.Decode(empty.Encode()).Entries);
    }

    [Fact]
    public void Paths_with_spaces_and_unicode_round_trip()
    {
        var tree = ArtifactTree.Create([new TreeEntry("docs/read me ✓.txt", Abc, 0x1A4)]);
        Assert.Equal(tree.Entries, ArtifactTree.Decode(tree.Encode()).Entries);
    }

    [Fact]
    public void Decode_refuses_a_bad_header()
    {
        Assert.Equal("the blob is not an artifact tree (bad header)", Refused("buildfarm-tree/2\n" + Line(Abc, "a")).Message);
    }

    [Fact]
    public void Decode_refuses_a_bad_digest()
    {
        Assert.Equal("line 2 of the tree has a bad digest", Refused("buildfarm-tree/1\n644 " + new string('x', 64) + " 3 a\n").Message);
        Assert.Equal("line 2 of the tree has a bad digest", Refused("buildfarm-tree/1\n644 " + Abc.Hash + " -3 a\n").Message);
    }

    [Fact]
    public void Decode_refuses_unsorted_lines()
    {
        Assert.Equal("the tree's entries are not in canonical order", Refused("buildfarm-tree/1\n" + Line(Abc, "b") + Line(Abc, "a")).Message);
    }

    [Theory]
    [InlineData("../x", "'../x' contains '..'; tree paths may not leave the artifact's root")]
    [InlineData("/abs", "'/abs' is absolute; tree paths are relative to the artifact's root")]
    [InlineData("a/./b", "'a/./b' contains '.'; tree paths may not leave the artifact's root")]
    public void Decode_refuses_unsafe_paths(string path, string expected)
    {
        Assert.Equal(expected, Refused("buildfarm-tree/1\n" + Line(Abc, path)).Message);
    }

    [Fact]
    public void Decode_refuses_duplicate_paths()
    {
        Assert.Equal("'a' appears twice", Refused("buildfarm-tree/1\n" + Line(Abc, "a") + Line(Hello, "a")).Message);
    }

    [Fact]
    public void Decode_refuses_a_file_that_is_also_a_directory()
    {
        Assert.Equal("'a' is a file and also a directory of 'a/b'", Refused("buildfarm-tree/1\n" + Line(Abc, "a") + Line(Abc, "a/b")).Message);
    }

    [Fact]
    public void Decode_refuses_malformed_lines()
    {
        Assert.Equal("line 2 of the tree is malformed", Refused("buildfarm-tree/1\n644 " + Abc.Hash + "\n").Message);
        Assert.Equal("line 2 of the tree has a bad mode '9z'", Refused("buildfarm-tree/1\n" + Line(Abc, "a", "9z")).Message);
        Assert.Equal("the tree does not end with a newline", Refused("buildfarm-tree/1\n" + Line(Abc, "a").TrimEnd('\n')).Message);
        Assert.Equal("the tree is not valid UTF-8", Assert.Throws<InvalidTreeException>(() => ArtifactTree.Decode([0xFF, 0xFE])).Message);
    }

    [Fact]
    public void Create_refuses_modes_outside_0777()
    {
        Assert.Equal("'a' has mode 512, outside 0..0777",
            Assert.Throws<InvalidTreeException>(() => ArtifactTree.Create([new TreeEntry("a", Abc, 0x200)])).Message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("77777777777777777777")]
    [InlineData("")]
    public void Decode_refuses_a_mode_that_is_no_octal_number_as_a_tree_problem(string mode)
    {
        Assert.Equal($"line 2 of the tree has a bad mode '{mode}'", Refused("buildfarm-tree/1\n" + Line(Abc, "a", mode)).Message);
    }

    [Theory]
    [InlineData("0644", "3")]
    [InlineData("644", "03")]
    public void Decode_refuses_a_non_canonical_encoding_of_a_valid_tree(string mode, string size)
    {
        var blob = $"buildfarm-tree/1\n{mode} {Abc.Hash} {size} a\n";
        Assert.Equal("the tree is not in canonical form (modes in octal and sizes in decimal, without leading zeros)", Refused(blob).Message);
    }
}
