using System.Globalization;
using System.Text.RegularExpressions;
using BuildFarm.Api.V1;
using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Executions;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// What a buildspec's commands see, lowest precedence first: the pipeline variables and FARM_* (as for Commands),
/// env.variables, env.parameter-store and env.secrets-manager (farm secrets), the action's EnvironmentVariables, then
/// the CODEBUILD_* variables a buildspec expects.
/// </summary>
internal static partial class BuildspecEnvironment
{
    public static Dictionary<string, string> For(Job job, JobWorkspace workspace, BuildspecDefinition buildspec,
        IReadOnlyDictionary<string, string> actionVariables, BuildContext build, string sourceVersion, IReadOnlyDictionary<string, string> secondarySources,
        string home, DateTimeOffset startedAt, IReadOnlyDictionary<string, string>? secretVariables = null)
    {
        var environment = JobEnvironment.For(job, workspace);
        foreach (var (name, value) in buildspec.Env.Variables) environment[name] = value;
        foreach (var (name, value) in secretVariables ?? new Dictionary<string, string>()) environment[name] = value;
        foreach (var (name, value) in actionVariables) environment[name] = value;
        environment["HOME"] = home;
        environment["CODEBUILD_CI"] = "true";
        environment["CODEBUILD_SRC_DIR"] = workspace.Source;
        foreach (var (name, directory) in secondarySources) environment[$"CODEBUILD_SRC_DIR_{SourceIdentifier(name)}"] = directory;
        environment["CODEBUILD_BUILD_ID"] = $"{job.Pipeline}:{job.Lease?.JobId}";
        environment["CODEBUILD_BUILD_NUMBER"] = build.BuildNumber.ToString(CultureInfo.InvariantCulture);
        environment["CODEBUILD_RESOLVED_SOURCE_VERSION"] = sourceVersion;
        environment["CODEBUILD_SOURCE_VERSION"] = sourceVersion;
        environment["CODEBUILD_INITIATOR"] = $"codepipeline/{job.Pipeline}";
        environment["CODEBUILD_START_TIME"] = startedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        environment[PhaseRunner.SucceedingVariable] = "1";
        return environment;
    }

    /// <summary>
    /// A build of a batch: its variables over the buildspec's and the action's, CODEBUILD_BATCH_BUILD_IDENTIFIER, and for a
    /// fan-out its shard (FARM_SHARD_INDEX, 1-based, of FARM_SHARD_COUNT), which codebuild-tests-run reads.
    /// </summary>
    public static void ApplyBatchBuild(Dictionary<string, string> environment, BatchChildPlan build)
    {
        foreach (var (name, value) in build.Variables) environment[name] = value;
        environment["CODEBUILD_BATCH_BUILD_IDENTIFIER"] = build.Identifier;
        if (build.ShardCount <= 0) return;
        environment["FARM_SHARD_INDEX"] = build.ShardIndex.ToString(CultureInfo.InvariantCulture);
        environment["FARM_SHARD_COUNT"] = build.ShardCount.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A source identifier as a variable-name suffix: characters a name cannot hold become '_'.</summary>
    public static string SourceIdentifier(string artifact) => NotInName().Replace(artifact, "_");

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotInName();
}
