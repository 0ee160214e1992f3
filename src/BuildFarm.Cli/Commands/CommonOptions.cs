using System.CommandLine;
using System.CommandLine.Parsing;
using BuildFarm.Cli.Parsing;

namespace BuildFarm.Cli.Commands;

/// <summary>Options several commands share, each built one way.</summary>
public static class CommonOptions
{
    public const string Table = "table";
    public const string Json = "json";

    public static Option<string> Output() => new Option<string>("--output", "-o")
    {
        Description = "How to print the result: table, or json (the API's messages)",
        DefaultValueFactory = _ => Table,
        HelpName = "table|json",
    }.AcceptOnlyFromAmong(Table, Json);

    /// <summary><c>--var NAME=VALUE</c>, repeatable; a bad pair is a usage error.</summary>
    public static Option<IReadOnlyDictionary<string, string>> Variables() => new("--var")
    {
        Description = "A pipeline variable for this execution, NAME=VALUE (repeat for more)",
        HelpName = "NAME=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => Parse(result, r => KeyValueParser.ParsePairs("--var", r.Tokens.Select(t => t.Value))),
        DefaultValueFactory = _ => new Dictionary<string, string>(),
    };

    /// <summary><c>--labels k=v,k2=v2</c> (repeatable).</summary>
    public static Option<IReadOnlyDictionary<string, string>> Labels() => new("--labels")
    {
        Description = "Labels this agent offers to jobs, KEY=VALUE[,KEY=VALUE...]",
        HelpName = "KEY=VALUE,...",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => Parse(result, r => KeyValueParser.ParseList("--labels", r.Tokens.Select(t => t.Value))),
        DefaultValueFactory = _ => new Dictionary<string, string>(),
    };

    public static Option<int> Agents() => Positive("--agents", "How many agent processes to start", 2);

    public static Option<int> Slots() => Positive("--slots", "How many jobs each agent runs at once", 1);

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be 1 or more");
        });
        return option;
    }

    public static Option<int?> Port(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } port and (< 0 or > 65535)) r.AddError($"{name} must be between 0 and 65535 (0 picks a free port)");
        });
        return option;
    }

    private static IReadOnlyDictionary<string, string> Parse(ArgumentResult result, Func<ArgumentResult, IReadOnlyDictionary<string, string>> parse)
    {
        try
        {
            return parse(result);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return new Dictionary<string, string>();
        }
    }
}
