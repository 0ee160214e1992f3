using System.CommandLine;
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

    public static Argument<string> ExecutionId() => new("execution") { Description = "The execution id" };

    /// <summary><c>--var NAME=VALUE</c>, repeatable; a bad pair is a usage error.</summary>
    public static Option<IReadOnlyDictionary<string, string>> Variables() =>
        Pairs("--var", "A pipeline variable for this execution, NAME=VALUE (repeat for more)", "NAME=VALUE", KeyValueParser.ParsePairs);

    /// <summary><c>--labels k=v,k2=v2</c> (repeatable).</summary>
    public static Option<IReadOnlyDictionary<string, string>> Labels() =>
        Pairs("--labels", "Labels this agent offers to jobs, KEY=VALUE[,KEY=VALUE...]", "KEY=VALUE,...", KeyValueParser.ParseList);

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

    private static Option<IReadOnlyDictionary<string, string>> Pairs(string name, string description, string helpName,
        Func<string, IEnumerable<string>, IReadOnlyDictionary<string, string>> parse) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            try
            {
                return parse(name, result.Tokens.Select(t => t.Value));
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
                return new Dictionary<string, string>();
            }
        },
        DefaultValueFactory = _ => new Dictionary<string, string>(),
    };
}
