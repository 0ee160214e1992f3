using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;
using ExecutionMode = BuildFarm.Core.Definitions.ExecutionMode;

namespace BuildFarm.Api.Mapping;

/// <summary>Pipeline declarations between Core's model and the wire.</summary>
public static partial class DefinitionMapping
{
    public static PipelineDeclaration ToProto(this PipelineDefinition d)
    {
        var proto = new PipelineDeclaration { Name = d.Name, ExecutionMode = d.ExecutionMode.ToProto() };
        proto.Variables.AddRange(d.Variables.Select(v =>
        {
            var pv = new V1.VariableDeclaration { Name = v.Name, Description = v.Description ?? "" };
            if (v.DefaultValue is not null) pv.DefaultValue = v.DefaultValue;
            return pv;
        }));
        proto.Stages.AddRange(d.Stages.Select(s =>
        {
            var ps = new StageDeclaration { Name = s.Name };
            ps.Actions.AddRange(s.Actions.Select(ToProto));
            AddConditions(ps, s);
            return ps;
        }));
        proto.Triggers.AddRange(d.Triggers.Select(t => t.ToProto()));
        return proto;
    }

    private static ActionDeclaration ToProto(ActionDefinition a)
    {
        var pa = new ActionDeclaration
        {
            Name = a.Name,
            Category = a.Category,
            Provider = a.Provider,
            RunOrder = a.RunOrder,
            Namespace = a.Namespace ?? "",
            TimeoutMinutes = a.TimeoutMinutes ?? 0,
        };
        pa.Configuration.AddAll(a.Configuration);
        pa.Commands.AddRange(a.Commands);
        pa.InputArtifacts.AddRange(a.InputArtifacts);
        pa.OutputArtifacts.AddRange(a.OutputArtifacts.Select(o =>
        {
            var po = new OutputArtifactDeclaration { Name = o.Name };
            po.Files.AddRange(o.Files);
            return po;
        }));
        pa.OutputVariables.AddRange(a.OutputVariables);
        if (a.Retry is { } retry) pa.Retry = ToProto(retry);
        pa.Labels.AddAll(a.Labels);
        if (a.Cache is { } cache) pa.Cache = cache;
        return pa;
    }

    public static PipelineDefinition ToCore(this PipelineDeclaration p) => new()
    {
        Name = p.Name,
        ExecutionMode = p.ExecutionMode.ToCore(),
        Variables = p.Variables.Select(v => new Core.Definitions.VariableDeclaration
        {
            Name = v.Name,
            DefaultValue = v.HasDefaultValue ? v.DefaultValue : null,
            Description = string.IsNullOrEmpty(v.Description) ? null : v.Description,
        }).ToList(),
        Stages = p.Stages.Select(s => new StageDefinition
        {
            Name = s.Name,
            BeforeEntry = s.BeforeEntry?.ToCore(),
            OnSuccess = s.OnSuccess?.ToCore(),
            OnFailure = s.OnFailure?.ToCore(),
            Actions = s.Actions.Select(a => new ActionDefinition
            {
                Name = a.Name,
                Category = a.Category,
                Provider = a.Provider,
                // 0 is proto's "not set"; validation refuses an explicit 0 only in files, where it can be seen.
                RunOrder = a.RunOrder == 0 ? 1 : a.RunOrder,
                Configuration = new Dictionary<string, string>(a.Configuration),
                Commands = a.Commands.ToList(),
                InputArtifacts = a.InputArtifacts.ToList(),
                OutputArtifacts = a.OutputArtifacts.Select(o => new OutputArtifactDefinition { Name = o.Name, Files = o.Files.ToList() }).ToList(),
                Namespace = string.IsNullOrEmpty(a.Namespace) ? null : a.Namespace,
                TimeoutMinutes = a.TimeoutMinutes == 0 ? null : a.TimeoutMinutes,
                OutputVariables = a.OutputVariables.ToList(),
                Retry = a.Retry?.ToCore(),
                Labels = new Dictionary<string, string>(a.Labels),
                Cache = a.HasCache ? a.Cache : null,
            }).ToList(),
        }).ToList(),
        Triggers = p.Triggers.Select(t => t.ToCore()).ToList(),
    };

    public static V1.ExecutionMode ToProto(this ExecutionMode mode) => mode switch
    {
        ExecutionMode.Queued => V1.ExecutionMode.Queued,
        ExecutionMode.Parallel => V1.ExecutionMode.Parallel,
        _ => V1.ExecutionMode.Superseded,
    };

    public static ExecutionMode ToCore(this V1.ExecutionMode mode) => mode switch
    {
        V1.ExecutionMode.Queued => ExecutionMode.Queued,
        V1.ExecutionMode.Parallel => ExecutionMode.Parallel,
        _ => ExecutionMode.Superseded,
    };

    public static V1.Problem ToProto(this Core.Definitions.Problem p) => new() { Path = p.Path, Message = p.Message };

    public static Core.Definitions.Problem ToCore(this V1.Problem p) => new(p.Path, p.Message);
}
