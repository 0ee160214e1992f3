using System.Text;
using System.Text.RegularExpressions;

namespace BuildFarm.Core.Variables;

/// <summary>A <c>#{namespace.name}</c> reference inside a configuration value or a command.</summary>
public readonly record struct VariableReference(string Namespace, string Name)
{
    public override string ToString() => $"#{{{Namespace}.{Name}}}";
}

/// <summary>Finds and resolves <c>#{namespace.name}</c> references (CodePipeline's syntax).</summary>
public static partial class VariableReferences
{
    /// <summary>Pipeline variables: <c>#{variables.name}</c>.</summary>
    public const string PipelineVariables = "variables";
    /// <summary>Built-ins of the execution: <c>#{pipeline.ExecutionId}</c>, <c>Name</c>, <c>Version</c>.</summary>
    public const string Pipeline = "pipeline";
    /// <summary>CodePipeline's name for the built-ins, kept so imported declarations work: <c>#{codepipeline.PipelineExecutionId}</c>.</summary>
    public const string CodePipeline = "codepipeline";

    public static readonly IReadOnlyList<string> PipelineBuiltIns = ["ExecutionId", "Name", "Version"];
    public static readonly IReadOnlyList<string> CodePipelineBuiltIns = ["PipelineExecutionId", "PipelineName"];

    [GeneratedRegex(@"#\{([^}.]*)\.([^}]*)\}")]
    private static partial Regex ReferencePattern();

    public static IEnumerable<VariableReference> Find(string text)
    {
        if (!text.Contains("#{", StringComparison.Ordinal)) yield break;
        foreach (Match m in ReferencePattern().Matches(text))
            yield return new VariableReference(m.Groups[1].Value, m.Groups[2].Value);
    }

    /// <summary>Replaces every reference the lookup knows; the ones it does not know are reported and left as written.</summary>
    public static string Resolve(string text, Func<VariableReference, string?> lookup, ICollection<VariableReference> unresolved)
    {
        if (!text.Contains("#{", StringComparison.Ordinal)) return text;
        var result = new StringBuilder(text.Length);
        var last = 0;
        foreach (Match m in ReferencePattern().Matches(text))
        {
            result.Append(text, last, m.Index - last);
            var reference = new VariableReference(m.Groups[1].Value, m.Groups[2].Value);
            var value = lookup(reference);
            if (value is null)
            {
                unresolved.Add(reference);
                result.Append(m.Value);
            }
            else
            {
                result.Append(value);
            }
            last = m.Index + m.Length;
        }
        return result.Append(text, last, text.Length - last).ToString();
    }
}
