using System.CommandLine;
using BuildFarm.Bench;
using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Report;

var names = BenchSuite.All.Select(s => s.Name).ToArray();
var scenarios = new Argument<string[]>("scenario")
{
    Description = $"Scenarios to run (default: all): {string.Join(", ", names)}",
    Arity = ArgumentArity.ZeroOrMore,
}.AcceptOnlyFromAmong(names);
var profile = new Option<string>("--profile")
{
    Description = "local (embedded SQLite + files), cluster (PostgreSQL + Azurite), or all (both, one after the other)",
    DefaultValueFactory = _ => "local",
}.AcceptOnlyFromAmong("local", "cluster", "all");
var quick = new Option<bool>("--quick") { Description = "One measured run per scenario instead of three" };
var runs = new Option<int?>("--runs") { Description = "Measured runs per scenario (the median is reported; default 3, 1 with --quick)" };
var output = new Option<string>("--out")
{
    Description = "Where to write the table (Markdown)",
    DefaultValueFactory = _ => Path.Combine(FarmBinary.RepositoryRoot, "bench", "results", "latest.md"),
};
var root = new RootCommand("BuildFarm's benchmark suite: each scenario on a farm of real processes, next to its baseline on this machine")
{
    scenarios, profile, quick, runs, output,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var chosen = parse.GetValue(scenarios) is { Length: > 0 } some ? some : names;
    var isQuick = parse.GetValue(quick);
    var options = new BenchOptions(
        chosen,
        parse.GetValue(profile) == "all" ? ["local", "cluster"] : [parse.GetValue(profile)!],
        Math.Max(1, parse.GetValue(runs) ?? (isQuick ? 1 : 3)),
        isQuick,
        Path.GetFullPath(parse.GetValue(output)!));
    var (loadAtStart, startedAt, commit) = (MachineDescription.LoadAverage(), DateTimeOffset.UtcNow, await MachineDescription.CommitAsync(cancellationToken));
    var rows = await new BenchSuite(options, Console.Error).RunAsync(cancellationToken);
    var machine = MachineDescription.Read(loadAtStart, commit);
    var commandLine = "./bench.sh " + string.Join(' ', args);
    Console.WriteLine();
    Console.WriteLine(ResultTable.Render(rows));
    Directory.CreateDirectory(Path.GetDirectoryName(options.OutputFile)!);
    await File.WriteAllTextAsync(options.OutputFile,
        ResultTable.Document(commandLine.Trim(), startedAt, machine.Description, machine.Commit, rows), cancellationToken);
    Console.Error.WriteLine($"bench: the table is in {options.OutputFile}");
    return rows.Any(r => r.Measure == "not run") ? 1 : 0;
});
return await root.Parse(args).InvokeAsync();
