using BuildFarm.Core.Variables;

namespace BuildFarm.Core.Definitions.Validation;

/// <summary>Every <c>#{namespace.name}</c> in configuration values and commands names something that exists when the action starts.</summary>
internal static class ReferenceRules
{
    public static void Check(ActionSite site, DefinitionIndex index, ProblemList problems)
    {
        foreach (var (key, value) in site.Action.Configuration)
            Text(site.Field($"configuration.{key}"), value, site, index, problems);
        for (var c = 0; c < site.Action.Commands.Count; c++)
            Text(site.Field($"commands[{c}]"), site.Action.Commands[c], site, index, problems);
    }

    public static void Text(string path, string text, ActionSite site, DefinitionIndex index, ProblemList problems)
    {
        foreach (var reference in VariableReferences.Find(text).Distinct())
            problems.AddIf(path, Problem(reference, site, index));
    }

    private static string? Problem(VariableReference reference, ActionSite site, DefinitionIndex index)
    {
        if (reference.Namespace.Length == 0 || reference.Name.Length == 0)
            return $"'{reference}' is not a valid reference: write #{{namespace.name}}";
        return reference.Namespace switch
        {
            VariableReferences.PipelineVariables => PipelineVariable(reference, index.Definition),
            VariableReferences.Pipeline => BuiltIn(reference, VariableReferences.PipelineBuiltIns),
            VariableReferences.CodePipeline => BuiltIn(reference, VariableReferences.CodePipelineBuiltIns),
            _ => ActionVariable(reference, site, index),
        };
    }

    private static string? PipelineVariable(VariableReference reference, PipelineDefinition definition)
    {
        var declared = definition.Variables.Select(v => v.Name).ToList();
        if (declared.Contains(reference.Name)) return null;
        return $"'{reference}' names no declared pipeline variable{Suggestions.DidYouMean(reference.Name, declared)}; " +
               (declared.Count == 0 ? "the pipeline declares none (add it under 'variables')" : $"declared: {string.Join(", ", declared)}");
    }

    private static string? BuiltIn(VariableReference reference, IReadOnlyList<string> builtIns) =>
        builtIns.Contains(reference.Name) ? null
        : $"'{reference}' is not a built-in of '{reference.Namespace}'{Suggestions.DidYouMean(reference.Name, builtIns)}; use one of {string.Join(", ", builtIns)}";

    private static string? ActionVariable(VariableReference reference, ActionSite site, DefinitionIndex index)
    {
        if (!index.NamespaceOwners.TryGetValue(reference.Namespace, out var owners))
        {
            var available = NamespaceRules.Reserved.Concat(
                index.Sites.Where(s => s.RunsBefore(site) && s.Action.Namespace is not null).Select(s => s.Action.Namespace!)).ToList();
            return $"'{reference}': unknown namespace '{reference.Namespace}'{Suggestions.DidYouMean(reference.Namespace, available)}; " +
                   $"available here: {string.Join(", ", available)}";
        }
        var owner = DefinitionIndex.Preferred(owners, site);
        if (!owner.RunsBefore(site))
            return owner == site
                ? $"'{reference}': namespace '{reference.Namespace}' is this action's own; its variables exist only after it ran"
                : $"'{reference}': namespace '{reference.Namespace}' belongs to {owner.Path}, which does not run before this action ({owner.WhyNotBefore(site)})";
        var published = owner.Action.OutputVariables;
        if (published.Count == 0 || published.Contains(reference.Name)) return null;
        return $"'{reference}': {owner.Path} (namespace '{reference.Namespace}') does not declare output variable '{reference.Name}'" +
               $"{Suggestions.DidYouMean(reference.Name, published)}; it declares: {string.Join(", ", published)}";
    }
}
