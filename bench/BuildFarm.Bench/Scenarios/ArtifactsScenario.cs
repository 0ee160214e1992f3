using System.Globalization;
using System.Text.RegularExpressions;
using BuildFarm.Api.V1;
using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>
/// A 100 MB tree of 1,000 files produced by one action, consumed by the next, and produced again unchanged by a third.
/// Upload = the producer's finish (server time) minus the moment its command ended (printed by the command);
/// download = the consumer's ready-to-process-start time (its inputs are fetched and materialized in between).
/// Each run makes new content, so no run finds the previous one's blobs.
/// </summary>
public sealed partial class ArtifactsScenario : IScenario
{
    private const int Files = 1000, FileBytes = 100_000;
    private const string Produce = "Produce", Consume = "Consume", Again = "Again";

    public string Name => "artifacts";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(context.Profile, agentCount: 2, slots: 1, cancellationToken);
        var runner = new ExecutionRunner(farm.Api);
        await runner.ApplyAsync(Pipeline(), cancellationToken);
        var cluster = context.Profile is ClusterProfile ? await AzureBaseline.ForFarmAsync(farm, cancellationToken) : null;

        var upload = new List<double>();
        var download = new List<double>();
        var repeat = new List<double>();
        var copy = new List<double>();
        var sdkUpload = new List<double>();
        var fetched = new List<int>();
        // Run 0 warms up (JIT, the transfer paths); its figures are not kept.
        for (var run = 0; run <= context.Runs; run++)
        {
            var tree = Path.Combine(farm.Scratch, $"tree-{run}");
            MakeTree(tree, seed: Environment.TickCount ^ run);
            var execution = await runner.RunAsync(Name, ScenarioContext.ExecutionLimit, cancellationToken,
                new Dictionary<string, string> { ["tree"] = tree });
            var made = await UploadMsAsync(runner, execution, Produce, cancellationToken);
            var remade = await UploadMsAsync(runner, execution, Again, cancellationToken);
            var consumer = Attempt(execution, Consume);
            var consumerLog = await runner.LogAsync(execution.ExecutionId, Consume, "Use", consumer.Number, cancellationToken);
            var copied = await Baselines.CopyTreeAsync(tree, tree + "-copy", cancellationToken);
            var sdk = cluster is null ? (double?)null : await cluster.UploadAsync(tree, $"run{run}", cancellationToken);
            if (run > 0)
            {
                upload.Add(made);
                repeat.Add(remade);
                download.Add(Stats.Milliseconds(consumer.QueuedAt, consumer.StartedAt));
                copy.Add(copied);
                fetched.Add(FetchedBlobs(consumerLog));
                if (sdk is { } s) sdkUpload.Add(s);
                context.Say(Name, $"run {run}: upload {Format.Ms(made)}, download {Format.Ms(download[^1])} ({fetched[^1]} blobs fetched), " +
                                  $"repeat upload {Format.Ms(remade)}, cp -r {Format.Ms(copied)}" + (sdk is null ? "" : $", SDK upload {Format.Ms(sdk.Value)}"));
            }
            Directory.Delete(tree, recursive: true);
            Directory.Delete(tree + "-copy", recursive: true);
        }

        var first = Stats.Median(upload);
        var uploadBaseline = sdkUpload.Count > 0 ? ("Azure SDK upload to Azurite", Stats.Median(sdkUpload)) : ("cp -r", Stats.Median(copy));
        var again = Stats.Median(repeat);
        return
        [
            new ResultRow(Name, context.Profile.Name, "upload of a new 100 MB tree (1,000 files)", Format.Ms(first),
                $"{uploadBaseline.Item1}: {Format.Ms(uploadBaseline.Item2)}", Format.Ratio(first / uploadBaseline.Item2), "", null),
            new ResultRow(Name, context.Profile.Name, $"download: ready to process start ({Stats.Median(fetched.Select(f => (double)f).ToList()):0} of {Files} blobs fetched)",
                Format.Ms(Stats.Median(download)), $"cp -r: {Format.Ms(Stats.Median(copy))}", Format.Ratio(Stats.Median(download) / Stats.Median(copy)), "", null),
            new ResultRow(Name, context.Profile.Name, "upload of the same tree again (share of the first upload)", Format.Ms(again),
                $"first upload: {Format.Ms(first)}", Format.Percent(again / first), "< 5% of the first", again / first < 0.05),
        ];
    }

    private static PipelineDeclaration Pipeline()
    {
        var pipeline = new PipelineDeclaration { Name = "artifacts", ExecutionMode = ExecutionMode.Queued };
        pipeline.Variables.Add(new VariableDeclaration { Name = "tree", Description = "the folder the producer copies" });
        pipeline.Stages.Add(Stage(Produce, Producer("Make", "tree")));
        var use = BenchPipelines.Commands("Use", $"test -f tree/d{(Files - 1) / 100:D2}/f{Files - 1:D4}");
        use.InputArtifacts.Add("tree");
        pipeline.Stages.Add(Stage(Consume, use));
        pipeline.Stages.Add(Stage(Again, Producer("Remake", "tree-again")));
        return pipeline;
    }

    private static ActionDeclaration Producer(string name, string artifact)
    {
        var action = BenchPipelines.Commands(name, "cp -r \"#{variables.tree}\" tree", "echo \"bench-command-end $(date +%s%N)\"");
        action.OutputArtifacts.Add(new OutputArtifactDeclaration { Name = artifact, Files = { "tree/**" } });
        return action;
    }

    private static StageDeclaration Stage(string name, ActionDeclaration action) => new() { Name = name, Actions = { action } };

    private static ActionAttempt Attempt(Execution execution, string stage) =>
        execution.Stages.Single(s => s.Name == stage).Actions.Single().Attempts.Last();

    /// <summary>From the moment the producer's command ended (its own clock line) to the server accepting its result.</summary>
    private static async Task<double> UploadMsAsync(ExecutionRunner runner, Execution execution, string stage, CancellationToken cancellationToken)
    {
        var attempt = Attempt(execution, stage);
        var action = execution.Stages.Single(s => s.Name == stage).Actions.Single().Name;
        var log = await runner.LogAsync(execution.ExecutionId, stage, action, attempt.Number, cancellationToken);
        var match = CommandEnd().Match(log);
        if (!match.Success) throw new BenchException($"the log of {stage}/{action} lacks its bench-command-end line:\n{log}");
        var ended = DateTimeOffset.UnixEpoch.AddTicks(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 100);
        return (attempt.FinishedAt.ToDateTimeOffset() - ended).TotalMilliseconds;
    }

    private static int FetchedBlobs(string log) =>
        Fetched().Match(log) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

    private static void MakeTree(string directory, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[FileBytes];
        for (var i = 0; i < Files; i++)
        {
            var sub = Path.Combine(directory, $"d{i / 100:D2}");
            Directory.CreateDirectory(sub);
            random.NextBytes(buffer);
            File.WriteAllBytes(Path.Combine(sub, $"f{i:D4}"), buffer);
        }
    }

    [GeneratedRegex(@"bench-command-end (\d+)")]
    private static partial Regex CommandEnd();

    [GeneratedRegex(@"(\d+) blobs fetched")]
    private static partial Regex Fetched();
}
