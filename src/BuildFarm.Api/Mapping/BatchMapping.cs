using BuildFarm.Api.V1;
using BuildFarm.Core.Executions;

namespace BuildFarm.Api.Mapping;

/// <summary>Batch builds and action cache records between Core and the wire.</summary>
public static class BatchMapping
{
    public static BatchBuild ToProto(this BatchChildPlan plan)
    {
        var proto = new BatchBuild
        {
            Identifier = plan.Identifier,
            Buildspec = plan.Buildspec ?? "",
            IgnoreFailure = plan.IgnoreFailure,
            ShardIndex = plan.ShardIndex,
            ShardCount = plan.ShardCount,
        };
        proto.Variables.AddAll(plan.Variables);
        proto.DependOn.AddRange(plan.DependOn);
        return proto;
    }

    public static BatchChildPlan ToCore(this BatchBuild proto) => new()
    {
        Identifier = proto.Identifier,
        Variables = new Dictionary<string, string>(proto.Variables),
        Buildspec = string.IsNullOrEmpty(proto.Buildspec) ? null : proto.Buildspec,
        DependOn = proto.DependOn.ToList(),
        IgnoreFailure = proto.IgnoreFailure,
        ShardIndex = proto.ShardIndex,
        ShardCount = proto.ShardCount,
    };

    public static V1.BatchPlan ToProto(this Core.Executions.BatchPlan plan)
    {
        var proto = new V1.BatchPlan { Kind = plan.Kind, FastFail = plan.FastFail };
        proto.Builds.AddRange(plan.Children.Select(ToProto));
        return proto;
    }

    public static Core.Executions.BatchPlan ToCore(this V1.BatchPlan proto) => new()
    {
        Kind = proto.Kind,
        FastFail = proto.FastFail,
        Children = proto.Builds.Select(ToCore).ToList(),
    };

    public static V1.CacheHit ToProto(this CacheHitRecord hit) => new()
    {
        ExecutionId = hit.ExecutionId,
        Stage = hit.Stage,
        Action = hit.Action,
        Attempt = hit.Attempt,
        RecordedAt = hit.RecordedAt.ToProto(),
        Key = hit.Key,
    };
}
