namespace BuildFarm.Core.Definitions;

/// <summary>CodePipeline's action categories.</summary>
public static class ActionCategory
{
    public const string Source = "Source";
    public const string Build = "Build";
    public const string Test = "Test";
    public const string Deploy = "Deploy";
    public const string Approval = "Approval";
    public const string Invoke = "Invoke";
    public const string Compute = "Compute";

    public static readonly IReadOnlyList<string> All = [Source, Build, Test, Deploy, Approval, Invoke, Compute];
}
