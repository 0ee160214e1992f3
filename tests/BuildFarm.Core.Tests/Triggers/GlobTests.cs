using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Tests.Triggers;

public sealed class GlobTests
{
    [Theory]
    [InlineData("main", "main", true)]
    [InlineData("main", "mainline", false)]
    [InlineData("feature/*", "feature/login", true)]
    [InlineData("feature/*", "feature/login/v2", false)]
    [InlineData("feature/**", "feature/login/v2", true)]
    [InlineData("release-?", "release-1", true)]
    [InlineData("release-?", "release-12", false)]
    [InlineData("v[0-9]*", "v1.2", true)]
    [InlineData("v[0-9]*", "vx", false)]
    [InlineData("v[!0-9]*", "vx", true)]
    [InlineData("**/README.md", "README.md", true)]
    [InlineData("**/README.md", "docs/deep/README.md", true)]
    [InlineData("src/**/*.js", "src/a/b/c.js", true)]
    [InlineData("src/**/*.js", "src/c.js", true)]
    [InlineData("src/**/*.js", "lib/c.js", false)]
    [InlineData("*.{md,txt}", "notes.txt", true)]
    [InlineData("*.{md,txt}", "notes.cs", false)]
    [InlineData("Main", "main", false)]
    [InlineData("a.b", "axb", false)]
    public void Matches_like_codepipeline_globs(string pattern, string name, bool expected) =>
        Assert.Equal(expected, Glob.Parse(pattern).IsMatch(name));

    [Theory]
    [InlineData("", "the pattern is empty")]
    [InlineData("v[0-9", "the '[' at position 2 is never closed with ']'")]
    [InlineData("*.{md,txt", "a '{' is never closed with '}'")]
    [InlineData("a}", "the '}' at position 2 closes no '{'")]
    [InlineData("{a,{b,c}}", "the '{' at position 4 is inside another '{...}'; alternatives do not nest")]
    public void Malformed_patterns_say_what_is_wrong(string pattern, string problem)
    {
        Assert.Equal(problem, Glob.Problem(pattern));
        Assert.Throws<ArgumentException>(() => Glob.Parse(pattern));
    }
}
