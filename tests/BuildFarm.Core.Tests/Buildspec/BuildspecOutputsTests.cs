using BuildFarm.Core.Buildspec;

namespace BuildFarm.Core.Tests.Buildspec;

public sealed class BuildspecOutputsTests
{
    private static BuildspecDefinition Spec(string artifacts) =>
        BuildspecParser.Parse($"version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n{artifacts}").Buildspec!;

    [Fact]
    public void Primary_goes_to_the_first_unclaimed_output_and_secondaries_by_name()
    {
        var spec = Spec("  files: [a]\n  secondary-artifacts:\n    docs:\n      files: [d]");
        var (mapping, problems) = BuildspecOutputs.Map(spec, ["docs", "bin"]);
        Assert.Empty(problems);
        Assert.Equal([("docs", "artifacts.secondary-artifacts.docs"), ("bin", "artifacts")], mapping.Select(m => (m.Output, m.Section.Path)));
    }

    [Fact]
    public void Primary_name_picks_its_output()
    {
        var (mapping, _) = BuildspecOutputs.Map(Spec("  files: [a]\n  name: second"), ["first", "second"]);
        Assert.Equal(("second", "artifacts"), (mapping[0].Output, mapping[0].Section.Path));
    }

    [Fact]
    public void A_primary_section_without_outputs_is_a_problem_unless_secondaries_use_them_all()
    {
        Assert.Equal(["artifacts: the action has no output artifact for the primary artifacts (it declares none); add one to outputArtifacts or remove the section"],
            BuildspecOutputs.Map(Spec("  files: [a]"), []).Problems.Select(p => p.ToString()));
        Assert.Empty(BuildspecOutputs.Map(Spec("  files: [a]\n  secondary-artifacts:\n    x:\n      files: [d]"), ["x"]).Problems);
    }
}
