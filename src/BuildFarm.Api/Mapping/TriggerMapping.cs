using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Api.Mapping;

/// <summary>Trigger declarations and execution trigger records between Core and the wire.</summary>
public static class TriggerMapping
{
    public static TriggerDeclaration ToProto(this TriggerDefinition t)
    {
        var proto = new TriggerDeclaration { ProviderType = t.ProviderType ?? "" };
        if (t.GitConfiguration is { } git)
        {
            var pg = new V1.GitTriggerConfiguration { SourceActionName = git.SourceActionName };
            pg.Push.AddRange(git.Push.Select(p => new V1.GitPushFilter { Branches = p.Branches?.ToProto(), Tags = p.Tags?.ToProto(), FilePaths = p.FilePaths?.ToProto() }));
            pg.PullRequest.AddRange(git.PullRequest.Select(p =>
            {
                var pp = new V1.GitPullRequestFilter { Branches = p.Branches?.ToProto(), FilePaths = p.FilePaths?.ToProto() };
                pp.Events.AddRange(p.Events);
                return pp;
            }));
            proto.GitConfiguration = pg;
        }
        if (t.Schedule is { } s) proto.Schedule = new V1.ScheduleTrigger { Cron = s.Cron, TimeZone = s.TimeZone, SkipIfRunning = s.SkipIfRunning };
        if (t.Upstream is { } u) proto.Upstream = new V1.UpstreamTrigger { Pipeline = u.Pipeline };
        return proto;
    }

    public static TriggerDefinition ToCore(this TriggerDeclaration t) => new()
    {
        ProviderType = string.IsNullOrEmpty(t.ProviderType) ? null : t.ProviderType,
        GitConfiguration = t.GitConfiguration is { } git
            ? new Core.Definitions.GitTriggerConfiguration
            {
                SourceActionName = git.SourceActionName,
                Push = git.Push.Select(p => new Core.Definitions.GitPushFilter { Branches = p.Branches?.ToCore(), Tags = p.Tags?.ToCore(), FilePaths = p.FilePaths?.ToCore() }).ToList(),
                PullRequest = git.PullRequest.Select(p => new Core.Definitions.GitPullRequestFilter
                {
                    Events = p.Events.ToList(),
                    Branches = p.Branches?.ToCore(),
                    FilePaths = p.FilePaths?.ToCore(),
                }).ToList(),
            }
            : null,
        Schedule = t.Schedule is { } s
            ? new Core.Definitions.ScheduleTrigger { Cron = s.Cron, TimeZone = string.IsNullOrEmpty(s.TimeZone) ? "UTC" : s.TimeZone, SkipIfRunning = s.SkipIfRunning }
            : null,
        Upstream = t.Upstream is { } u ? new Core.Definitions.UpstreamTrigger { Pipeline = u.Pipeline } : null,
    };

    private static V1.GitFilter ToProto(this Core.Definitions.GitFilter f)
    {
        var proto = new V1.GitFilter();
        proto.Includes.AddRange(f.Includes);
        proto.Excludes.AddRange(f.Excludes);
        return proto;
    }

    private static Core.Definitions.GitFilter ToCore(this V1.GitFilter f) => new() { Includes = f.Includes.ToList(), Excludes = f.Excludes.ToList() };

    public static V1.ExecutionTrigger ToProto(this Core.Executions.ExecutionTrigger t) => new()
    {
        Type = t.Type.ToString(),
        Detail = t.Detail,
        Source = t.Source ?? "",
        Revision = t.Revision ?? "",
    };

    /// <summary>Executions recorded before triggers were structured show their trigger text as a manual start.</summary>
    public static V1.ExecutionTrigger TriggerInfoOf(ExecutionRun run) =>
        (run.TriggerInfo ?? new Core.Executions.ExecutionTrigger { Type = TriggerType.Manual, Detail = run.Trigger }).ToProto();

    public static IEnumerable<V1.SourceRevision> SourceRevisionsOf(ExecutionRun run) =>
        SourceRevisionReport.Of(run).Select(r => new V1.SourceRevision { ActionName = r.Action, RevisionId = r.RevisionId, Summary = r.Summary });
}
