using System.Globalization;
using BuildFarm.Api.V1;

namespace BuildFarm.Agent.Jobs;

/// <summary>What a job's process sees on top of the agent's own environment: pipeline variables, then FARM_*.</summary>
internal static class JobEnvironment
{
    public static Dictionary<string, string> For(Job job, JobWorkspace workspace)
    {
        var environment = new Dictionary<string, string>(job.Environment, StringComparer.Ordinal)
        {
            ["FARM_EXECUTION_ID"] = job.Lease?.ExecutionId ?? "",
            ["FARM_PIPELINE"] = job.Pipeline,
            ["FARM_STAGE"] = job.Stage,
            ["FARM_ACTION"] = job.Action,
            ["FARM_ATTEMPT"] = job.Attempt.ToString(CultureInfo.InvariantCulture),
            ["FARM_JOB_ID"] = job.Lease?.JobId ?? "",
            ["FARM_WORKSPACE"] = workspace.Root,
            [ScriptBuilder.VariablesFileVariable] = workspace.VariablesFile,
        };
        return environment;
    }

    /// <summary>FARM_INPUT_{NAME}: upper-cased, '-' becomes '_'.</summary>
    public static string InputVariable(string artifact) => "FARM_INPUT_" + artifact.ToUpperInvariant().Replace('-', '_');
}
