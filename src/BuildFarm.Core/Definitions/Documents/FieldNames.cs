namespace BuildFarm.Core.Definitions.Documents;

/// <summary>The field names of a declaration (CodePipeline's, camelCase), shared by the binder and the writers.</summary>
internal static class FieldNames
{
    public const string Name = "name";
    public const string ExecutionMode = "executionMode";
    public const string Variables = "variables";
    public const string Stages = "stages";
    public const string DefaultValue = "defaultValue";
    public const string Description = "description";
    public const string Actions = "actions";
    public const string Category = "category";
    public const string Provider = "provider";
    public const string RunOrder = "runOrder";
    public const string Configuration = "configuration";
    public const string Commands = "commands";
    public const string InputArtifacts = "inputArtifacts";
    public const string OutputArtifacts = "outputArtifacts";
    public const string Namespace = "namespace";
    public const string TimeoutInMinutes = "timeoutInMinutes";
    public const string OutputVariables = "outputVariables";
    public const string Files = "files";
    public const string Triggers = "triggers";
    public const string ProviderType = "providerType";
    public const string GitConfiguration = "gitConfiguration";
    public const string SourceActionName = "sourceActionName";
    public const string Push = "push";
    public const string PullRequest = "pullRequest";
    public const string Branches = "branches";
    public const string Tags = "tags";
    public const string FilePaths = "filePaths";
    public const string Includes = "includes";
    public const string Excludes = "excludes";
    public const string Events = "events";
    public const string Schedule = "schedule";
    public const string Cron = "cron";
    public const string TimeZone = "timeZone";
    public const string SkipIfRunning = "skipIfRunning";
    public const string Upstream = "upstream";
    public const string Pipeline = "pipeline";
    public const string BeforeEntry = "beforeEntry";
    public const string OnSuccess = "onSuccess";
    public const string OnFailure = "onFailure";
    public const string Conditions = "conditions";
    public const string Result = "result";
    public const string Rules = "rules";
    public const string RetryConfiguration = "retryConfiguration";
    public const string RetryMode = "retryMode";
    public const string Retry = "retry";
    public const string MaxAttempts = "maxAttempts";
    public const string OnExitCodes = "onExitCodes";
    public const string OnInfrastructureFailure = "onInfrastructureFailure";
    public const string Labels = "labels";
    public const string Cache = "cache";

    public static readonly IReadOnlyList<string> OfPipeline = [Name, ExecutionMode, Variables, Stages, Triggers];
    public static readonly IReadOnlyList<string> OfVariable = [Name, DefaultValue, Description];
    public static readonly IReadOnlyList<string> OfStage = [Name, Actions, BeforeEntry, OnSuccess, OnFailure];
    public static readonly IReadOnlyList<string> OfAction =
        [Name, Category, Provider, RunOrder, Configuration, Commands, InputArtifacts, OutputArtifacts, Namespace, TimeoutInMinutes, OutputVariables, Retry, Labels, Cache];
    public static readonly IReadOnlyList<string> OfInputArtifact = [Name];
    public static readonly IReadOnlyList<string> OfOutputArtifact = [Name, Files];
    public static readonly IReadOnlyList<string> OfTrigger = [ProviderType, GitConfiguration, Schedule, Upstream];
    public static readonly IReadOnlyList<string> OfGitConfiguration = [SourceActionName, Push, PullRequest];
    public static readonly IReadOnlyList<string> OfPushFilter = [Branches, Tags, FilePaths];
    public static readonly IReadOnlyList<string> OfPullRequestFilter = [Events, Branches, FilePaths];
    public static readonly IReadOnlyList<string> OfGitFilter = [Includes, Excludes];
    public static readonly IReadOnlyList<string> OfSchedule = [Cron, TimeZone, SkipIfRunning];
    public static readonly IReadOnlyList<string> OfUpstream = [Pipeline];
    public static readonly IReadOnlyList<string> OfStageConditions = [Conditions];
    public static readonly IReadOnlyList<string> OfFailureConditions = [Result, RetryConfiguration, Conditions];
    public static readonly IReadOnlyList<string> OfRetryConfiguration = [RetryMode];
    public static readonly IReadOnlyList<string> OfCondition = [Result, Rules];
    public static readonly IReadOnlyList<string> OfRule = [Name, Provider, Configuration, Commands, InputArtifacts, TimeoutInMinutes];
    public static readonly IReadOnlyList<string> OfRetry = [MaxAttempts, OnExitCodes, OnInfrastructureFailure];
}
