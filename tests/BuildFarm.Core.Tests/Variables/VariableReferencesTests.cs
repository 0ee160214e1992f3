using BuildFarm.Core.Variables;

namespace BuildFarm.Core.Tests.Variables;

public sealed class VariableReferencesTests
{
    [Fact]
    public void Find_returns_every_reference_in_order()
    {
        Assert.Equal(
            [new VariableReference("variables", "Env"), new VariableReference("build", "VERSION"), new VariableReference("codepipeline", "PipelineExecutionId")],
            VariableReferences.Find("deploy #{variables.Env} v#{build.VERSION}-#{codepipeline.PipelineExecutionId}"));
    }

    [Theory]
    [InlineData("no references at all")]
    [InlineData("#{missing-dot}")]
    [InlineData("# {variables.x} with a space")]
    [InlineData("${variables.x} is shell syntax")]
    public void Find_ignores_text_that_is_no_reference(string text)
    {
        Assert.Empty(VariableReferences.Find(text));
    }

    [Fact]
    public void The_name_is_everything_after_the_first_dot()
    {
        Assert.Equal([new VariableReference("ns", "a.b")], VariableReferences.Find("#{ns.a.b}"));
    }

    [Fact]
    public void A_reference_prints_as_written()
    {
        Assert.Equal("#{build.VERSION}", new VariableReference("build", "VERSION").ToString());
    }

    [Fact]
    public void Resolve_replaces_known_references_and_reports_the_rest()
    {
        var values = new Dictionary<VariableReference, string>
        {
            [new("variables", "Env")] = "prod",
            [new("build", "VERSION")] = "1.2.3",
        };
        var unresolved = new List<VariableReference>();
        var text = VariableReferences.Resolve("deploy #{build.VERSION} to #{variables.Env} (#{variables.Region}) #{build.VERSION}",
            r => values.GetValueOrDefault(r), unresolved);
        Assert.Equal("deploy 1.2.3 to prod (#{variables.Region}) 1.2.3", text);
        Assert.Equal([new VariableReference("variables", "Region")], unresolved);
    }

    [Fact]
    public void Resolved_values_are_not_resolved_again()
    {
        var unresolved = new List<VariableReference>();
        Assert.Equal("#{variables.b}", VariableReferences.Resolve("#{variables.a}", _ => "#{variables.b}", unresolved));
        Assert.Empty(unresolved);
    }

    [Fact]
    public void Text_without_references_is_returned_as_is()
    {
        var unresolved = new List<VariableReference>();
        const string text = "make all";
        Assert.Same(text, VariableReferences.Resolve(text, _ => throw new InvalidOperationException("no lookup expected"), unresolved));
        Assert.Empty(unresolved);
    }
}
