using BuildFarm.Api.V1;
using BuildFarm.Core.Executions;
using Google.Protobuf.WellKnownTypes;
using CoreErrorKind = BuildFarm.Core.Executions.ErrorKind;
using CoreJobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Api.Mapping;

/// <summary>Jobs and results between Core and the agent protocol.</summary>
public static class JobMapping
{
    public static Job ToProto(this JobSpec spec)
    {
        var job = new Job
        {
            Lease = new Lease { ExecutionId = spec.ExecutionId, JobId = spec.JobId, LeaseId = spec.LeaseId },
            Pipeline = spec.Pipeline,
            Stage = spec.Stage,
            Action = spec.Action,
            Attempt = spec.Attempt,
            Category = spec.Category,
            Provider = spec.Provider,
            Timeout = Duration.FromTimeSpan(spec.Timeout),
            LeaseDeadline = spec.LeaseDeadline.ToProto(),
        };
        job.Configuration.AddAll(spec.Configuration);
        job.Commands.AddRange(spec.Commands);
        job.Inputs.AddRange(spec.Inputs.Select(i => new JobInput { Name = i.Name, Tree = i.Digest.ToProto() }));
        job.Outputs.AddRange(spec.Outputs.Select(o =>
        {
            var output = new JobOutput { Name = o.Name };
            output.Files.AddRange(o.Files);
            return output;
        }));
        job.OutputVariables.AddRange(spec.OutputVariables);
        job.Environment.AddAll(spec.Environment);
        job.Secrets.AddAll(spec.Secrets);
        if (spec.BatchChild is { } build) job.BatchBuild = build.ToProto();
        return job;
    }

    public static V1.JobResult ToProto(this CoreJobResult r)
    {
        var proto = new V1.JobResult
        {
            Succeeded = r.Succeeded,
            ErrorKind = r.ErrorKind.ToProto(),
            Message = r.Message ?? "",
            StartedAt = r.StartedAt.ToProto(),
            FinishedAt = r.FinishedAt.ToProto(),
        };
        if (r.ExitCode is { } code) proto.ExitCode = code;
        proto.Outputs.AddRange(r.Outputs.Select(o => new OutputArtifact { Name = o.Key, Tree = o.Value.ToProto() }));
        proto.OutputVariables.AddAll(r.OutputVariables);
        proto.Reports.AddRange(r.Reports.Select(ReportMapping.ToProto));
        if (r.Batch is { } plan) proto.Batch = plan.ToProto();
        return proto;
    }

    public static CoreJobResult ToCore(this V1.JobResult r) => new()
    {
        Succeeded = r.Succeeded,
        ExitCode = r.HasExitCode ? r.ExitCode : null,
        ErrorKind = r.ErrorKind.ToCore(),
        Message = string.IsNullOrEmpty(r.Message) ? null : r.Message,
        Outputs = r.Outputs.ToDictionary(o => o.Name, o => o.Tree?.ToCore() ?? default(BuildFarm.Core.Content.Digest)),
        OutputVariables = new Dictionary<string, string>(r.OutputVariables),
        StartedAt = r.StartedAt.ToCore(),
        FinishedAt = r.FinishedAt.ToCore(),
        Reports = r.Reports.Select(ReportMapping.ToCore).ToList(),
        Batch = r.Batch?.ToCore(),
    };

    public static LeaseRef ToCore(this Lease l) => new(l.ExecutionId, l.JobId, l.LeaseId);

    public static V1.ErrorKind ToProto(this CoreErrorKind kind) => kind switch
    {
        CoreErrorKind.CommandFailed => V1.ErrorKind.CommandFailed,
        CoreErrorKind.Timeout => V1.ErrorKind.Timeout,
        CoreErrorKind.Cancelled => V1.ErrorKind.Cancelled,
        CoreErrorKind.WorkspaceError => V1.ErrorKind.WorkspaceError,
        CoreErrorKind.ArtifactError => V1.ErrorKind.ArtifactError,
        CoreErrorKind.ConfigurationError => V1.ErrorKind.ConfigurationError,
        _ => V1.ErrorKind.None,
    };

    public static CoreErrorKind ToCore(this V1.ErrorKind kind) => kind switch
    {
        V1.ErrorKind.CommandFailed => CoreErrorKind.CommandFailed,
        V1.ErrorKind.Timeout => CoreErrorKind.Timeout,
        V1.ErrorKind.Cancelled => CoreErrorKind.Cancelled,
        V1.ErrorKind.WorkspaceError => CoreErrorKind.WorkspaceError,
        V1.ErrorKind.ArtifactError => CoreErrorKind.ArtifactError,
        V1.ErrorKind.ConfigurationError => CoreErrorKind.ConfigurationError,
        _ => CoreErrorKind.None,
    };
}
