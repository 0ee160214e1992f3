namespace BuildFarm.Core.Definitions;

/// <summary>The written names of execution modes: CodePipeline's uppercase, read in any case.</summary>
public static class ExecutionModes
{
    public static readonly IReadOnlyList<string> Names = ["SUPERSEDED", "QUEUED", "PARALLEL"];

    public static string NameOf(ExecutionMode mode) => mode switch
    {
        ExecutionMode.Queued => "QUEUED",
        ExecutionMode.Parallel => "PARALLEL",
        _ => "SUPERSEDED",
    };

    public static bool TryParse(string text, out ExecutionMode mode)
    {
        switch (text.ToUpperInvariant())
        {
            case "SUPERSEDED": mode = ExecutionMode.Superseded; return true;
            case "QUEUED": mode = ExecutionMode.Queued; return true;
            case "PARALLEL": mode = ExecutionMode.Parallel; return true;
            default: mode = ExecutionMode.Superseded; return false;
        }
    }
}
