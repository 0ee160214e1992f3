using BuildFarm.Core.Content;

namespace BuildFarm.Core.Tests.Content;

public sealed class TreePathTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("dir/file.txt")]
    [InlineData("a/b/c/d.e")]
    [InlineData("..hidden")]
    [InlineData("a/...")]
    [InlineData("name with spaces")]
    public void Relative_clean_paths_are_accepted(string path)
    {
        Assert.Null(TreePath.Check(path));
    }

    [Theory]
    [InlineData("", "the path is empty")]
    [InlineData("/etc/passwd", "'/etc/passwd' is absolute; tree paths are relative to the artifact's root")]
    [InlineData("C:/x", "'C:/x' is absolute; tree paths are relative to the artifact's root")]
    [InlineData("a\\b", "'a\\b' contains a backslash; tree paths use '/'")]
    [InlineData("../x", "'../x' contains '..'; tree paths may not leave the artifact's root")]
    [InlineData("a/../../x", "'a/../../x' contains '..'; tree paths may not leave the artifact's root")]
    [InlineData("a/./b", "'a/./b' contains '.'; tree paths may not leave the artifact's root")]
    [InlineData("a//b", "'a//b' has an empty segment")]
    [InlineData("a/", "'a/' has an empty segment")]
    [InlineData("a\nb", "'a\\nb' contains a control character")]
    [InlineData("a\0b", "'a\\0b' contains a control character")]
    public void Unsafe_paths_are_refused_with_the_reason(string path, string expected)
    {
        Assert.Equal(expected, TreePath.Check(path));
    }

    [Fact]
    public void Paths_longer_than_4096_characters_are_refused()
    {
        Assert.Equal("the path is longer than 4096 characters", TreePath.Check(new string('a', 4097)));
        Assert.Null(TreePath.Check(new string('a', 4096)));
    }
}
