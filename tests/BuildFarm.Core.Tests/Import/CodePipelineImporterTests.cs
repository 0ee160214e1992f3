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

    private const string SourceSuggestion = "use a Git source (configuration Repository: a clone URL), or a Folder source on a checkout the agents can read " +
                                            "(configuration Path; the stand-in reads the pipeline file's folder)";

    private const string Credentials = "for a private repository, store its credentials as a farm secret (`farm secret set NAME`: USER:TOKEN for https, " +
                                       "a private key for ssh) and add `CredentialSecret: NAME` to the action's configuration";

    private static string BuildspecNote(string path, string subject, string project, string primary) =>
        $"{path} ({subject}): mapped to a Buildspec action; CodeBuild project '{project}' has no meaning here: the action runs buildspec.yml of its primary " +
        $"source '{primary}' on an agent (the agent's machine is the build environment); suggestion: if the project names another buildspec file, or " +
        "holds its buildspec inline, set configuration.BuildSpec to that path or YAML";

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
    public void CodeBuild_maps_to_Buildspec_CodeCommit_to_Git_with_a_placeholder_and_a_parameter_store_variable_is_reported()
    {
        var result = Import("02-codebuild-multi-region.json");
        var definition = Valid(result);
        Assert.Equal(("api-build", ExecutionMode.Superseded), (definition.Name, definition.ExecutionMode));
        var compile = definition.Stages[1].Actions[0];
        Assert.Equal(("Build", "Buildspec"), (compile.Category, compile.Provider));
        Assert.Equal(["Config", "App"], compile.InputArtifacts);
        Assert.Equal(new Dictionary<string, string>
        {
            ["BuildSpec"] = "buildspec.yml",
            ["PrimarySource"] = "App",
            ["EnvironmentVariables"] = """[{"name":"TARGET","value":"linux-x64","type":"PLAINTEXT"}]""",
        }, compile.Configuration);
        Assert.Empty(compile.Commands);
        Assert.Equal(("Binaries", 0), (Assert.Single(compile.OutputArtifacts).Name, compile.OutputArtifacts[0].Files.Count));
        Assert.Equal([1, 2, 2], definition.Stages[1].Actions.Select(a => a.RunOrder));
        Assert.Equal([("Build", "Buildspec"), ("Test", "Buildspec"), ("Test", "Buildspec")], definition.Stages[1].Actions.Select(a => (a.Category, a.Provider)));
        Assert.Equal(new Dictionary<string, string> { ["BuildSpec"] = "buildspec.yml" }, definition.Stages[1].Actions[1].Configuration);

        var (app, config) = (definition.Stages[0].Actions[0], definition.Stages[0].Actions[1]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Repository"] = "https://codecommit.invalid/v1/repos/api", ["Branch"] = "main", ["PollForSourceChanges"] = "false",
        }, app.Configuration);
        Assert.Equal(("Git", "https://codecommit.invalid/v1/repos/api-config"), (config.Provider, config.Configuration["Repository"]));
        // App does not poll (PollForSourceChanges false); Config did detect changes, so it gets CodePipeline's default: a push on its branch.
        var trigger = Assert.Single(definition.Triggers).GitConfiguration!;
        Assert.Equal(("Config", "main"), (trigger.SourceActionName, Assert.Single(Assert.Single(trigger.Push).Branches!.Includes)));

        Assert.Equal(
        [
            "stages[1].actions[0].configuration.EnvironmentVariables[1] (Build/AWS/CodeBuild): PARAMETER_STORE variable 'NUGET_KEY' (/ci/nuget) is not carried " +
            "over: a secret reaches a job only through a buildspec's env; suggestion: store the value as a farm secret (`farm secret set NAME`) and read it " +
            "in a Buildspec action's buildspec with env.secrets-manager: {NUGET_KEY: NAME}",
        ], Of(result, ImportSeverity.Unsupported));
        Assert.Equal(
        [
            "stages[0].actions[0] (Source/AWS/CodeCommit): mapped to a Git source with the placeholder URL https://codecommit.invalid/v1/repos/api: a CodeCommit " +
            "repository's URL is not in the declaration; suggestion: set configuration.Repository to its clone URL " +
            $"(https://git-codecommit.REGION.amazonaws.com/v1/repos/api, or where it lives now); {Credentials}",
            "stages[0].actions[1] (Source/AWS/CodeCommit): mapped to a Git source with the placeholder URL https://codecommit.invalid/v1/repos/api-config: a " +
            "CodeCommit repository's URL is not in the declaration; suggestion: set configuration.Repository to its clone URL " +
            $"(https://git-codecommit.REGION.amazonaws.com/v1/repos/api-config, or where it lives now); {Credentials}",
            BuildspecNote("stages[1].actions[0]", "Build/AWS/CodeBuild", "api-compile", "App"),
            BuildspecNote("stages[1].actions[1]", "Test/AWS/CodeBuild", "api-tests", "Binaries"),
            BuildspecNote("stages[1].actions[2]", "Test/AWS/CodeBuild", "api-lint", "App"),
            "stages[0].actions[1] (Source/AWS/CodeCommit): the source started the pipeline on every change to its branch; that is now a push trigger on " +
            "'main' (triggers[0]); suggestion: pushes are seen by polling, or at once with a webhook: POST /webhooks/github on the server's HTTP port, " +
            "signed with the farm secret 'webhook'",
        ], Of(result, ImportSeverity.Changed));
        Assert.Contains("artifactStores", PathsOf(result, ImportSeverity.Ignored));
        Assert.Contains("stages[1].actions[0].region", PathsOf(result, ImportSeverity.Ignored));
        Assert.Contains("stages[1].actions[0].roleArn", PathsOf(result, ImportSeverity.Ignored));
        Assert.Equal("BatchEnabled is false: one build, as here", result.Notes.Single(n => n.Path == "stages[1].actions[0].configuration.BatchEnabled").Message);
    }

    [Fact]
    public void Batch_builds_a_secret_variable_and_a_trigger_on_a_source_that_is_not_git_are_reported()
    {
        var result = Import("10-codebuild-batch-and-s3-trigger.json");
        var definition = Valid(result);
        Assert.Empty(definition.Triggers);
        var matrix = definition.Stages[1].Actions[0];
        Assert.Equal(("Buildspec", "build"), (matrix.Provider, matrix.Namespace));
        Assert.Equal(new Dictionary<string, string> { ["BuildSpec"] = "buildspec.yml", ["PrimarySource"] = "Bundle" }, matrix.Configuration);
        Assert.Equal(
        [
            $"pipeline.stages[0].actions[0] (Source/AWS/S3): no local equivalent; suggestion: {SourceSuggestion}",
            "pipeline.stages[1].actions[0].configuration.EnvironmentVariables[0] (Build/AWS/CodeBuild): SECRETS_MANAGER variable 'TOKEN' (ci/token:value) is not " +
            "carried over: a secret reaches a job only through a buildspec's env; suggestion: store the value as a farm secret (`farm secret set NAME`) and " +
            "read it in a Buildspec action's buildspec with env.secrets-manager: {TOKEN: NAME}",
            "pipeline.stages[1].actions[0].configuration.BatchEnabled (Build/AWS/CodeBuild): batch builds are not supported yet: the action runs one build of its " +
            "buildspec; suggestion: run the batch's builds as separate Buildspec actions with the same runOrder (they run in parallel)",
            "pipeline.stages[1].actions[0].configuration.CombineArtifacts (Build/AWS/CodeBuild): batch builds are not supported yet: the action runs one build " +
            "of its buildspec; suggestion: run the batch's builds as separate Buildspec actions with the same runOrder (they run in parallel)",
            "pipeline.triggers[0] (CodeStarSourceConnection on Bundle): source action 'Bundle' was not imported as a Git source, so its trigger is left out; " +
            "suggestion: start executions with `farm start PIPELINE`, or make the source a Git source and declare the trigger again",
        ], Of(result, ImportSeverity.Unsupported));
        Assert.Contains("pipeline.stages[1].actions[0].configuration.PrimarySource (Build/AWS/CodeBuild): 'Missing' is not an input artifact of the action; " +
                        "the primary source is 'Bundle'", Of(result, ImportSeverity.Changed));
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
            ("pipeline.stages[1].actions[0]", "Deploy/AWS/CloudFormation", "a Commands action that runs `aws cloudformation deploy` on an agent that has AWS credentials"),
            ("pipeline.stages[1].actions[1]", "Deploy/AWS/ECS", "a Commands action that runs `aws ecs update-service` with the new task definition on an agent with AWS credentials"),
            ("pipeline.stages[1].actions[2]", "Deploy/AWS/S3", "a Commands action that runs `aws s3 sync` of its input artifact on an agent with AWS credentials"),
            ("pipeline.stages[2].actions[0]", "Invoke/AWS/Lambda", "a Commands action that runs the function's logic itself, or `aws lambda invoke` / `aws lambda update-function-code` on an agent"),
            ("pipeline.stages[2].actions[1]", "Invoke/AWS/StepFunctions", "a Commands action that runs `aws stepfunctions start-execution` and waits for it on an agent"),
        ], result.Notes.Where(n => n.Severity == ImportSeverity.Unsupported).Select(n => (n.Path, n.Subject, n.Suggestion!)));
        Assert.All(result.Notes.Where(n => n.Severity == ImportSeverity.Unsupported), n => Assert.Equal("no local equivalent", n.Message));
        Assert.Contains("pipeline.stages[2].actions[0].configuration.UserParameters", PathsOf(result, ImportSeverity.Ignored));
    }

    [Fact]
    public void A_connection_source_becomes_a_Git_source_on_GitHub_and_its_change_detection_a_push_trigger()
    {
        var result = Import("05-deploy-providers.json");
        var definition = Valid(result);
        var repo = definition.Stages[0].Actions[0];
        Assert.Equal(("Source", "Git", "SourceVariables", "Src"), (repo.Category, repo.Provider, repo.Namespace, Assert.Single(repo.OutputArtifacts).Name));
        Assert.Equal(new Dictionary<string, string> { ["Repository"] = "https://github.com/example/infra.git", ["Branch"] = "main" }, repo.Configuration);
        var trigger = Assert.Single(definition.Triggers);
        Assert.Equal(("Git", "Repo", "main"), (trigger.ProviderType, trigger.GitConfiguration!.SourceActionName,
            Assert.Single(Assert.Single(trigger.GitConfiguration.Push).Branches!.Includes)));
        Assert.Equal(
        [
            "pipeline.stages[0].actions[0] (Source/AWS/CodeStarSourceConnection): mapped to a Git source on https://github.com/example/infra.git: a connection " +
            "does not say which host it reaches, so GitHub is assumed; suggestion: for Bitbucket, GitLab or GitHub Enterprise set configuration.Repository " +
            $"to the clone URL; {Credentials}",
            "pipeline.stages[0].actions[0].namespace (Source/AWS/CodeStarSourceConnection): a Git source publishes CommitId, ShortCommitId, BranchName, " +
            "AuthorName, AuthorEmail, CommitMessage, CommittedTime, RepositoryUrl, PullRequestId; #{SourceVariables.AuthorDate}, " +
            "#{SourceVariables.ConnectionArn}, #{SourceVariables.FullRepositoryName} are not published; suggestion: use the published variables instead " +
            "(for example CommittedTime for AuthorDate, RepositoryUrl for FullRepositoryName)",
            "pipeline.stages[0].actions[0] (Source/AWS/CodeStarSourceConnection): the source started the pipeline on every change to its branch; that is " +
            "now a push trigger on 'main' (triggers[0]); suggestion: pushes are seen by polling, or at once with a webhook: POST /webhooks/github on the " +
            "server's HTTP port, signed with the farm secret 'webhook'",
        ], Of(result, ImportSeverity.Changed));
        Assert.Equal(
            "connections are AWS's: the farm fetches with git itself, with the credentials of the farm secret named by CredentialSecret",
            result.Notes.Single(n => n.Path == "pipeline.stages[0].actions[0].configuration.ConnectionArn").Message);
        Assert.Contains("the artifact is the commit's tree, content-addressed: there is no zip",
            result.Notes.Single(n => n.Path == "pipeline.stages[0].actions[0].configuration.OutputArtifactFormat").Message);
        Assert.DoesNotContain(result.Notes, n => n.Path.EndsWith("DetectChanges", StringComparison.Ordinal) || n.Path.EndsWith("FullRepositoryId", StringComparison.Ordinal));
    }

    [Fact]
    public void V2_triggers_map_filter_for_filter_onto_the_GitHub_source_now_a_Git_source()
    {
        var result = Import("06-triggers-parallel.json");
        var definition = Valid(result);
        Assert.Equal(ExecutionMode.Parallel, definition.ExecutionMode);
        Assert.Equal(30, definition.Stages[1].Actions[1].TimeoutMinutes);
        var checkout = definition.Stages[0].Actions[0];
        Assert.Equal(("Git", "https://github.com/example/monorepo.git", "main"), (checkout.Provider, checkout.Configuration["Repository"], checkout.Configuration["Branch"]));

        var git = Assert.Single(definition.Triggers).GitConfiguration!;
        Assert.Equal("Checkout", git.SourceActionName);
        Assert.Equal(2, git.Push.Count);
        Assert.Equal(["main", "release/**"], git.Push[0].Branches!.Includes);
        Assert.Equal(["release/old"], git.Push[0].Branches!.Excludes);
        Assert.Equal(["services/api/**"], git.Push[0].FilePaths!.Includes);
        Assert.Null(git.Push[0].Tags);
        Assert.Equal(["v*"], git.Push[1].Tags!.Includes);
        Assert.True(git.Push[1].Branches is null && git.Push[1].FilePaths is null);
        var pullRequest = Assert.Single(git.PullRequest);
        Assert.Equal(["OPEN", "UPDATED"], pullRequest.Events);
        Assert.Equal(["main"], pullRequest.Branches!.Includes);
        Assert.Null(pullRequest.FilePaths);

        Assert.Empty(Of(result, ImportSeverity.Unsupported));
        Assert.Equal(
        [
            $"pipeline.stages[0].actions[0] (Source/ThirdParty/GitHub): mapped to a Git source on https://github.com/example/monorepo.git; suggestion: {Credentials}",
            "pipeline.triggers[0].gitConfiguration.push[0] (CodeStarSourceConnection on Checkout): the filter watches branches and tags: it became two " +
            "filters, one for the branches (with the file paths) and one for the tags (a tag push has no changed files, so the file paths do not apply to it)",
        ], Of(result, ImportSeverity.Changed));
        Assert.StartsWith("a secret value is never imported; ", result.Notes.Single(n => n.Path == "pipeline.stages[0].actions[0].configuration.OAuthToken").Message);
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
            "pipeline.stages[0].actions[0].environmentVariables[0] (Compute/AWS/Commands): SECRETS_MANAGER variable 'REGISTRY_PASSWORD' (registry/password) " +
            "is not carried over: a secret reaches a job only through a buildspec's env; suggestion: store the value as a farm secret (`farm secret set NAME`) " +
            "and read it in a Buildspec action's buildspec with env.secrets-manager: {REGISTRY_PASSWORD: NAME}",
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
