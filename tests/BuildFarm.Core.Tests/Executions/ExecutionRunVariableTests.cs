using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunVariableTests
{
    private const string WithVariables = """
        name: vars
        variables:
          - {name: Env, defaultValue: dev}
          - {name: Region}
        stages:
          - name: Only
            actions:
              - {name: a, category: Build, provider: Commands, commands: ["echo #{variables.Env} #{variables.Region}"]}
        """;

    private static Dictionary<string, string> Vars(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Overrides_win_over_defaults_and_reach_the_job()
    {
        var d = new RunDriver(WithVariables, Vars(("Region", "eu"), ("Env", "prod")));
        Assert.Equal(Vars(("Env", "prod"), ("Region", "eu")), d.Run.Variables);
        var job = d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue));
        Assert.Equal(["echo prod eu"], job.Commands);
        Assert.Equal(d.Run.Variables, job.Environment);
    }

    [Fact]
    public void Create_refuses_undeclared_variables_and_missing_values()
    {
        var error = Assert.Throws<ExecutionRuleException>(() => new RunDriver(WithVariables, Vars(("Nope", "x"))));
        Assert.Equal(ExecutionRuleError.InvalidArgument, error.Kind);
        Assert.Equal("variable 'Nope' is not declared by pipeline 'vars' (declared: Env, Region); " +
                     "variable 'Region' has no default value; give it with --var Region=VALUE", error.Message);
    }

    [Fact]
    public void Create_names_a_pipeline_that_declares_no_variables()
    {
        var error = Assert.Throws<ExecutionRuleException>(() => new RunDriver(variables: Vars(("Env", "x"), ("X", "y"))));
        Assert.Contains("variable 'X' is not declared by pipeline 'app' (declared: Env)", error.Message);
        var none = Assert.Throws<ExecutionRuleException>(() => ExecutionRun.Create("e", 1, new PipelineDefinition { Name = "bare" }, Vars(("X", "y")), "manual", RunDriver.Start));
        Assert.Equal("variable 'X' is not declared by pipeline 'bare' (it declares none)", none.Message);
    }

    [Fact]
    public void An_unpublished_output_variable_fails_the_consuming_action_as_a_configuration_error()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        d.Succeed(d.Lease(build.Enqueue[0]), new Dictionary<string, string> { ["OTHER"] = "x" });

        var effects = d.Succeed(d.Lease(build.Enqueue[1]));
        Assert.Empty(effects.Enqueue);
        Assert.Equal(1, effects.LeaveStage);
        Assert.True(effects.Finished);
        var unit = d.Action("Build", "unit");
        Assert.Equal(ActionStatus.Failed, unit.Status);
        var attempt = Assert.Single(unit.Attempts);
        Assert.Equal((AttemptStatus.Failed, ErrorKind.ConfigurationError), (attempt.Status, attempt.ErrorKind));
        Assert.Equal("cannot resolve #{build.VERSION}: no such variable was published before this action", attempt.Message);
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
        Assert.Equal("stage 'Build' failed: action 'unit': cannot resolve #{build.VERSION}: no such variable was published before this action", d.Run.StatusSummary);
    }

    [Fact]
    public void A_success_without_a_declared_output_fails_the_attempt_as_an_artifact_error_and_retries_it()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        var compile = d.Lease(build.Enqueue[0]);

        var effects = d.Complete(compile, new JobResult { Succeeded = true, ExitCode = 0, Outputs = new Dictionary<string, Digest>() });
        var first = d.Action("Build", "compile").Attempts[0];
        Assert.Equal((AttemptStatus.Failed, ErrorKind.ArtifactError, 0), (first.Status, first.ErrorKind, first.ExitCode));
        Assert.Equal("the job did not report its declared output artifact(s): bin", first.Message);
        Assert.Empty(d.Action("Build", "compile").Outputs);
        // An artifact error counts as the farm's failure, so the action gets another attempt.
        Assert.Equal([RunDriver.JobId("Build", "compile", 2)], RunDriver.Ids(effects));
    }
}
