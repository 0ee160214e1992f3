using BuildFarm.Cli.Rendering;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Cli.Local;

/// <summary>A pipeline file read and checked on this machine, before anything is sent (fast, precise feedback).</summary>
public sealed record PipelineFile(string DisplayPath, string FullPath, PipelineDefinition? Definition, IReadOnlyList<Problem> Problems)
{
    public bool IsValid => Definition is not null && Problems.Count == 0;

    public int ActionCount => Definition?.Stages.Sum(s => s.Actions.Count) ?? 0;

    /// <summary>Parses (format from the extension), then validates what parsed; collects every problem.</summary>
    public static PipelineFile Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new CliException(Directory.Exists(fullPath) ? $"{path} is a folder; expected a pipeline file (.yaml, .yml or .json)" : $"{path}: no such file");
        DefinitionFormat format;
        try
        {
            format = DefinitionCodec.FormatOf(path);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
        var parsed = DefinitionCodec.Parse(File.ReadAllText(fullPath), format);
        var problems = parsed.Problems.ToList();
        if (parsed.Definition is not null) problems.AddRange(DefinitionValidator.Validate(parsed.Definition));
        return new PipelineFile(path, fullPath, parsed.Definition, problems);
    }

    /// <summary>The declaration with relative Folder source paths made absolute against this file's folder.</summary>
    public PipelineDefinition Resolved() =>
        DefinitionPaths.ResolveRelativeSourcePaths(
            Definition ?? throw new InvalidOperationException("the pipeline file did not parse"),
            Path.GetDirectoryName(FullPath)!);

    public Api.V1.ApplyPipelineRequest ApplyRequest() => new() { Declaration = Api.Mapping.DefinitionMapping.ToProto(Resolved()) };

    /// <summary><c>FILE: path: message</c>, one line per problem (the messages carry line:column).</summary>
    public IEnumerable<string> ProblemLines() =>
        Problems.Select(p => string.IsNullOrEmpty(p.Path) ? $"{DisplayPath}: {p.Message}" : $"{DisplayPath}: {p.Path}: {p.Message}");

    public void PrintProblems(Terminal terminal, bool toError)
    {
        foreach (var line in ProblemLines())
        {
            if (toError) terminal.ErrorMarkup($"[red]{Terminal.Escape(line)}[/]");
            else terminal.Line(line);
        }
    }

    /// <summary>Loads, prints the problems to standard error and stops (exit 1) when there are any.</summary>
    public static PipelineFile LoadValid(string path, Terminal terminal)
    {
        var file = Load(path);
        if (file.IsValid) return file;
        file.PrintProblems(terminal, toError: true);
        throw new CliException(file.Problems.Count == 0 ? $"{path} could not be read as a pipeline" : $"{path} has {Plural(file.Problems.Count, "problem")}");
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
