using BuildFarm.Core.Executions;
using BuildFarm.Core.Tests.Definitions;
using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Tests.Executions;

public sealed class SourceRevisionTests
{
    private const string Pipeline = """
        name: app
        stages:
          - name: Source
            actions:
              - {name: Code, category: Source, provider: Git, configuration: {Repository: "file:///r.git", Branch: main}, outputArtifacts: [src], namespace: source}
          - name: Build
            actions:
              - {name: Make, category: Build, provider: Commands, commands: ["echo #{source.CommitId}"], inputArtifacts: [src]}
        """;

    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void The_triggering_revision_reaches_the_source_actions_job_configuration_and_the_report()
    {
        var run = ExecutionRun.Create("ex-1", 1, Examples.Parse(Pipeline), new Dictionary<string, string>(), "push", RunDriver.Start);
        run.SourceRevisions["Code"] = new SourceRevision
        {
            RevisionId = Commit,
            Summary = "feature@0123456",
            Configuration = new() { ["Commit"] = Commit, ["Branch"] = "feature" },
        };
        run.Begin(RunDriver.Start);
        run.StageAdmitted(0, RunDriver.Start);
        var job = run.GrantLease(new JobId("ex-1", "Source", "Code", 1).ToString(), "ag", "agent", "ls-1", RunDriver.Start, RunDriver.LeaseTtl)!;

        Assert.Equal(new Dictionary<string, string> { ["Repository"] = "file:///r.git", ["Branch"] = "feature", ["Commit"] = Commit }, job.Configuration);
        Assert.Equal([("Code", Commit, "feature@0123456")], SourceRevisionReport.Of(run));
    }

    [Fact]
    public void A_manual_start_reports_the_branch_head_until_the_action_reports_its_commit()
    {
        var run = ExecutionRun.Create("ex-2", 1, Examples.Parse(Pipeline), new Dictionary<string, string>(), "manual", RunDriver.Start);
        Assert.Equal([("Code", "", "head of main when the action runs")], SourceRevisionReport.Of(run));
        run.Stages[0].Actions[0].OutputVariables = new() { ["CommitId"] = Commit, ["ShortCommitId"] = "0123456", ["BranchName"] = "main", ["CommitMessage"] = "Fix it\n\nlong" };
        Assert.Equal([("Code", Commit, "main@0123456: Fix it")], SourceRevisionReport.Of(run));
    }

    [Fact]
    public void An_outcome_carries_artifacts_and_the_commit_status_actions_that_ran()
    {
        var run = ExecutionRun.Create("ex-3", 1, Examples.Parse(Pipeline), new Dictionary<string, string>(), "manual", RunDriver.Start);
        run.Status = ExecutionStatus.Failed;
        run.Stages[0].Actions[0].Outputs = [new ArtifactRef("src", BuildFarm.Core.Content.Digest.Of([1, 2, 3]))];
        var outcome = ExecutionOutcome.Of(run);
        Assert.Equal(("failure", BuildFarm.Core.Content.Digest.Of([1, 2, 3])), (outcome.CommitState, outcome.Artifacts["src"]));
        Assert.Empty(outcome.CommitStatuses);
    }
}
