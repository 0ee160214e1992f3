using BuildFarm.Core.Import;

namespace BuildFarm.Core.Tests.Import;

/// <summary>
/// Declarations in Declarations/*.json, written for these tests in the shape `aws codepipeline get-pipeline` prints,
/// together covering every field of a CodePipeline declaration. Each imports into a valid pipeline; what has no
/// equivalent is reported exactly, one note per item, with its path.
/// </summary>
public sealed class CodePipelineImporterTests
{
    private static ImportResult Import(string file) =>
        CodePipelineImporter.Import(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Import", "Declarations", file)));

    private static IEnumerable<string> Of(ImportResult result, ImportSeverity severity) =>
        result.Notes.Where(n => n.Severity == severity).Select(n => n.ToString());

    private static IEnumerable<string> PathsOf(ImportResult result, ImportSeverity severity) =>
        result.Notes.Where(n => n.Severity == severity).Select(n => n.Path);

    /// <summary>Every import gives a declaration that validates and survives our own YAML round trip.</summary>
    private static PipelineDefinition Valid(ImportResult result)
    {
        Assert.NotNull(result.Definition);
        Assert.Empty(result.Problems);
        var reparsed = DefinitionCodec.Parse(DefinitionCodec.ToYaml(result.Definition), DefinitionFormat.Yaml);
        Assert.Empty(reparsed.Problems);
        Assert.True(reparsed.Definition!.SameAs(result.Definition));
        return result.Definition;
    }

    private const string SourceSuggestion = "use a Folder source on a checkout the agents can read (configuration Path; the stand-in reads the pipeline file's folder), " +
                                            "or a Git source once this farm has one";

    [Fact]
    public void Commands_manual_approval_variables_and_mode_map_and_the_S3_source_is_reported()
    {
        var result = Import("01-commands-and-approval.json");
        var definition = Valid(result);
        Assert.Equal(("web-release", ExecutionMode.Queued), (definition.Name, definition.ExecutionMode));
        Assert.Equal([("Stage", "production", "where the release goes"), ("Ticket", null, null)],
            definition.Variables.Select(v => (v.Name, v.DefaultValue, v.Description)));

        var compile = definition.Stages[1].Actions[0];
        Assert.Equal(("Compute", "Commands", "BuildVariables"), (compile.Category, compile.Provider, compile.Namespace));
        Assert.Equal(["export NODE_ENV='production'", "npm ci", "npm run build", "export VERSION=$(node -p \"require('./package.json').version\")"], compile.Commands);
        Assert.Equal(["VERSION"], compile.OutputVariables);
        Assert.Equal(["SourceArtifact"], compile.InputArtifacts);
        Assert.Equal(["dist/**/*"], Assert.Single(compile.OutputArtifacts).Files);
        Assert.Empty(compile.Configuration);

        var review = definition.Stages[2].Actions[0];
        Assert.Equal(("Approval", "Manual", 1440), (review.Category, review.Provider, review.TimeoutMinutes));
        Assert.Equal(new Dictionary<string, string>
        {
            ["CustomData"] = "Release #{BuildVariables.VERSION} to #{variables.Stage}?",
            ["ExternalEntityLink"] = "https://changes.example.com/#{codepipeline.PipelineExecutionId}",
        }, review.Configuration);

        var fetch = definition.Stages[0].Actions[0];
        Assert.Equal(("Folder", "."), (fetch.Provider, fetch.Configuration["Path"]));
        Assert.Equal([$"pipeline.stages[0].actions[0] (Source/AWS/S3): no local equivalent; suggestion: {SourceSuggestion}"], Of(result, ImportSeverity.Unsupported));
        Assert.Equal(
        [
            "metadata", "pipeline.roleArn", "pipeline.artifactStore", "pipeline.version", "pipeline.pipelineType",
            "pipeline.stages[0].actions[0].configuration.S3Bucket", "pipeline.stages[0].actions[0].configuration.S3ObjectKey",
            "pipeline.stages[0].actions[0].configuration.PollForSourceChanges", "pipeline.stages[1].actions[0].configuration.ComputeType",
            "pipeline.stages[2].actions[0].configuration.NotificationArn",
        ], PathsOf(result, ImportSeverity.Ignored));
        Assert.Contains("no bucket or encryption key is needed", result.Notes.Single(n => n.Path == "pipeline.artifactStore").Message);
        Assert.Equal(["pipeline.stages[0].actions[0].namespace"], PathsOf(result, ImportSeverity.Changed));
    }

    [Fact]
    public void A_bare_declaration_with_CodeBuild_maps_to_Commands_with_notes_and_its_parameter_store_variable_is_reported()
    {
        var result = Import("02-codebuild-multi-region.json");
        var definition = Valid(result);
        Assert.Equal(("api-build", ExecutionMode.Superseded), (definition.Name, definition.ExecutionMode));
        var compile = definition.Stages[1].Actions[0];
        Assert.Equal(("Build", "Commands"), (compile.Category, compile.Provider));
        Assert.Equal(["App", "Config"], compile.InputArtifacts);
        Assert.Equal(["export TARGET='linux-x64'", "echo 'replace with the buildspec commands of CodeBuild project api-compile' >&2", "exit 1"], compile.Commands);
        Assert.Equal(["**"], Assert.Single(compile.OutputArtifacts).Files);
        Assert.Equal([1, 2, 2], definition.Stages[1].Actions.Select(a => a.RunOrder));
        Assert.Equal(["Build", "Test", "Test"], definition.Stages[1].Actions.Select(a => a.Category));

        Assert.Equal(
        [
            $"stages[0].actions[0] (Source/AWS/CodeCommit): no local equivalent; suggestion: {SourceSuggestion}",
            $"stages[0].actions[1] (Source/AWS/CodeCommit): no local equivalent; suggestion: {SourceSuggestion}",
            "stages[1].actions[0].configuration.EnvironmentVariables[1] (Build/AWS/CodeBuild): PARAMETER_STORE variable 'NUGET_KEY' has no equivalent " +
            "(secrets are not yet given to jobs); suggestion: make the value available on the agents' machines and read it in the commands",
        ], Of(result, ImportSeverity.Unsupported));
        Assert.Contains("stages[1].actions[0] (Build/AWS/CodeBuild): mapped to a Commands action; CodeBuild project 'api-compile' keeps its commands in its buildspec, " +
                        "which the declaration does not hold; suggestion: replace the stand-in command with the buildspec's phases (install, pre_build, build, post_build) " +
                        "in 'commands'; the primary source 'App' is the working directory", Of(result, ImportSeverity.Changed));
        Assert.Equal(4, Of(result, ImportSeverity.Changed).Count());
        Assert.Contains("artifactStores", PathsOf(result, ImportSeverity.Ignored));
        Assert.Contains("stages[1].actions[0].region", PathsOf(result, ImportSeverity.Ignored));
        Assert.Contains("stages[1].actions[0].roleArn", PathsOf(result, ImportSeverity.Ignored));
        Assert.Contains("stages[1].actions[0].configuration.BatchEnabled", PathsOf(result, ImportSeverity.Ignored));
    }

    [Fact]
    public void Stage_conditions_with_local_rule_providers_map_completely()
    {
        var result = Import("03-stage-conditions.json");
        var definition = Valid(result);
        Assert.Empty(Of(result, ImportSeverity.Unsupported));
        Assert.Empty(Of(result, ImportSeverity.Changed));
        var production = definition.Stages[1];
        Assert.Equal(ConditionResult.Skip, production.ResultOf(ConditionKind.BeforeEntry));
        var entry = production.Condition(ConditionKind.BeforeEntry)!.Rules;
        Assert.Equal([("OnlyMain", "VariableCheck"), ("BusinessHours", "DeploymentWindow")], entry.Select(r => (r.Name, r.Provider)));
        Assert.Equal(("* * 9-16 ? * MON-FRI *", "Europe/Berlin"), (entry[1].Configuration["Cron"], entry[1].Configuration["TimeZone"]));
        var smoke = Assert.Single(production.Condition(ConditionKind.OnSuccess)!.Rules);
        Assert.Equal((ConditionResult.Rollback, "Commands", 15), (production.ResultOf(ConditionKind.OnSuccess), smoke.Provider, smoke.TimeoutMinutes));
        Assert.Equal(["./smoke.sh #{BuildVariables.IMAGE_TAG}"], smoke.Commands);
        Assert.Equal(["Package"], smoke.InputArtifacts);
        Assert.Empty(smoke.Configuration);
        Assert.Equal((ConditionResult.Retry, StageRetryMode.FailedActions), (production.ResultOf(ConditionKind.OnFailure), production.RetryModeOnFailure()));
        Assert.Equal(
        [
            "pipeline.roleArn", "pipeline.artifactStore", "pipeline.pipelineType",
            "pipeline.stages[1].onSuccess.conditions[0].rules[0].roleArn", "pipeline.stages[1].onSuccess.conditions[0].rules[0].region",
            "pipeline.stages[1].onSuccess.conditions[0].rules[0].configuration.ComputeType",
        ], PathsOf(result, ImportSeverity.Ignored));
    }

    [Fact]
    public void Rules_that_exist_only_on_AWS_are_reported_one_by_one_and_conditions_left_empty_are_dropped_with_a_note()
    {
        var result = Import("04-aws-only-rules.json");
        var definition = Valid(result);
        var deploy = definition.Stages[1];
        Assert.Equal("Tagged", Assert.Single(deploy.Condition(ConditionKind.BeforeEntry)!.Rules).Name);
        Assert.Null(deploy.OnSuccess);
        Assert.Null(deploy.OnFailure);
        Assert.Equal(
        [
            "pipeline.stages[1].beforeEntry.conditions[0].rules[0] (Rule/AWS/CloudWatchAlarm): no local equivalent; the rule is left out; " +
            "suggestion: a Commands rule that queries your monitoring system and exits non-zero when the alarm is raised",
            "pipeline.stages[1].onSuccess.conditions[0].rules[0] (Rule/AWS/LambdaInvoke): no local equivalent; the rule is left out; " +
            "suggestion: a Commands rule that runs the check itself (or calls the function) and exits non-zero to fail",
            "pipeline.stages[1].onSuccess: no rule of this onSuccess condition can run here, so the condition is left out; " +
            "suggestion: replace the rules reported above with VariableCheck, DeploymentWindow or Commands rules",
            "pipeline.stages[1].onFailure.conditions[0].rules[0] (Rule/AWS/CodeBuild): no local equivalent; the rule is left out; " +
            "suggestion: a Commands rule with the build project's commands",
            "pipeline.stages[1].onFailure.conditions: no rule of the onFailure condition can run here; the result would be engaged on every failure, " +
            "so onFailure is left out; suggestion: replace the rules reported above with VariableCheck, DeploymentWindow or Commands rules, then add onFailure back",
        ], Of(result, ImportSeverity.Unsupported));
    }

    [Fact]
    public void Deploy_and_invoke_providers_get_failing_stand_ins_that_keep_the_artifacts_flowing()
    {
        var result = Import("05-deploy-providers.json");
        var definition = Valid(result);
        var stack = definition.Stages[1].Actions[0];
        Assert.Equal(("Compute", "Commands", "StackVariables"), (stack.Category, stack.Provider, stack.Namespace));
        Assert.Equal(["echo 'not imported: Deploy/AWS/CloudFormation (pipeline.stages[1].actions[0]); replace this action' >&2", "exit 1"], stack.Commands);
        Assert.Equal(("StackOutputs", "**"), (Assert.Single(stack.OutputArtifacts).Name, stack.OutputArtifacts[0].Files[0]));
        Assert.Equal(["StackOutputs"], definition.Stages[1].Actions[1].InputArtifacts);
        Assert.Equal(
        [
            ("pipeline.stages[0].actions[0]", "Source/AWS/CodeStarSourceConnection", SourceSuggestion),
            ("pipeline.stages[1].actions[0]", "Deploy/AWS/CloudFormation", "a Commands action that runs `aws cloudformation deploy` on an agent that has AWS credentials"),
            ("pipeline.stages[1].actions[1]", "Deploy/AWS/ECS", "a Commands action that runs `aws ecs update-service` with the new task definition on an agent with AWS credentials"),
            ("pipeline.stages[1].actions[2]", "Deploy/AWS/S3", "a Commands action that runs `aws s3 sync` of its input artifact on an agent with AWS credentials"),
            ("pipeline.stages[2].actions[0]", "Invoke/AWS/Lambda", "a Commands action that runs the function's logic itself, or `aws lambda invoke` / `aws lambda update-function-code` on an agent"),
            ("pipeline.stages[2].actions[1]", "Invoke/AWS/StepFunctions", "a Commands action that runs `aws stepfunctions start-execution` and waits for it on an agent"),
        ], result.Notes.Where(n => n.Severity == ImportSeverity.Unsupported).Select(n => (n.Path, n.Subject, n.Suggestion!)));
        Assert.All(result.Notes.Where(n => n.Severity == ImportSeverity.Unsupported), n => Assert.Equal("no local equivalent", n.Message));
        Assert.Contains("pipeline.stages[0].actions[0].namespace", PathsOf(result, ImportSeverity.Changed));
        Assert.Contains("pipeline.stages[2].actions[0].configuration.UserParameters", PathsOf(result, ImportSeverity.Ignored));
    }

    [Fact]
    public void Triggers_are_reported_with_their_source_action_and_a_third_party_source_is_reported()
    {
        var result = Import("06-triggers-parallel.json");
        var definition = Valid(result);
        Assert.Equal(ExecutionMode.Parallel, definition.ExecutionMode);
        Assert.Equal(30, definition.Stages[1].Actions[1].TimeoutMinutes);
        Assert.Equal(
        [
            "pipeline.triggers[0] (CodeStarSourceConnection on Checkout): push and pullRequest trigger with its filters is not imported; executions start with " +
            "`farm start`; suggestion: start executions from your repository's hooks or CI with `farm start PIPELINE`, or declare git triggers once this farm has them",
            $"pipeline.stages[0].actions[0] (Source/ThirdParty/GitHub): ThirdParty providers have no local equivalent; suggestion: {SourceSuggestion}",
        ], Of(result, ImportSeverity.Unsupported));
        Assert.Contains("pipeline.stages[0].actions[0].configuration.OAuthToken", PathsOf(result, ImportSeverity.Ignored));
    }

    [Fact]
    public void Custom_providers_are_reported_and_CloudFormation_only_and_unknown_fields_are_noted_not_dropped()
    {
        var result = Import("07-custom-and-cloudformation-fields.json");
        Valid(result);
        Assert.Equal(
        [
            $"stages[0].actions[0] (Source/AWS/ECR): no local equivalent; suggestion: {SourceSuggestion}",
            "stages[1].actions[0] (Build/Custom/JenkinsOnPrem): Custom providers have no local equivalent; suggestion: a Commands action that does the same on an " +
            "agent, or a custom worker registering for the provider over the agent protocol",
        ], Of(result, ImportSeverity.Unsupported));
        Assert.Equal(
        [
            "roleArn", "artifactStore", "RestartExecutionOnUpdate", "DisableInboundStageTransitions", "Tags", "owner",
            "stages[0].actions[0].configuration.RepositoryName", "stages[0].actions[0].configuration.ImageTag", "stages[1].blockers",
            "stages[1].actions[0].actionTypeId.version", "stages[1].actions[0].configuration.ProjectName",
        ], PathsOf(result, ImportSeverity.Ignored));
        Assert.Equal("transitions are runtime state here: run `farm stage disable PIPELINE STAGE --reason TEXT` after applying",
            result.Notes.Single(n => n.Path == "DisableInboundStageTransitions").Message);
        Assert.Equal("not a field of CodePipeline's declaration (as `aws codepipeline get-pipeline` prints it); left out",
            result.Notes.Single(n => n.Path == "owner").Message);
    }

    [Fact]
    public void Rollback_results_map_and_a_secret_environment_variable_is_reported()
    {
        var result = Import("08-rollback-and-secrets.json");
        var definition = Valid(result);
        var canary = definition.Stages[1];
        Assert.Equal((ConditionResult.Rollback, ConditionResult.Rollback), (canary.ResultOf(ConditionKind.OnSuccess), canary.ResultOf(ConditionKind.OnFailure)));
        Assert.Empty(canary.OnFailure!.Conditions);
        Assert.Equal(["export REGION='#{variables.Region}'", "docker build -t payments:#{codepipeline.PipelineExecutionId} .",
            "export IMAGE=payments:#{codepipeline.PipelineExecutionId}"], definition.Stages[0].Actions[0].Commands);
        Assert.Equal(
        [
            "pipeline.stages[0].actions[0].environmentVariables[0] (Compute/AWS/Commands): SECRETS_MANAGER variable 'REGISTRY_PASSWORD' has no equivalent " +
            "(secrets are not yet given to jobs); suggestion: make the secret available on the agents' machines and read it in the commands " +
            "(e.g. export REGISTRY_PASSWORD=\"$(cat /run/secrets/REGISTRY_PASSWORD)\")",
        ], Of(result, ImportSeverity.Unsupported));
    }

    [Fact]
    public void A_minimal_declaration_maps_without_a_single_note()
    {
        var result = Import("09-minimal.json");
        var definition = Valid(result);
        Assert.Empty(result.Notes);
        Assert.Equal(["One", "Two"], definition.Stages.Select(s => s.Name));
        Assert.Equal(2, definition.Stages[1].Actions[0].RunOrder);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON: ")]
    [InlineData("[1, 2]", "expected a JSON object: the output of `aws codepipeline get-pipeline`, or its 'pipeline' object")]
    [InlineData("{\"pipeline\": {\"stages\": []}}", "the declaration has no name")]
    public void Input_that_is_no_declaration_is_refused_saying_why(string json, string expected)
    {
        var result = CodePipelineImporter.Import(json);
        Assert.Null(result.Definition);
        Assert.StartsWith(expected, Assert.Single(result.Notes).Message);
    }
}
