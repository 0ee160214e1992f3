using System.Text.RegularExpressions;
using BuildFarm.Api.V1;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>
/// The action result cache over real processes: an unchanged pipeline is served from the cache, a changed input re-runs
/// exactly the actions downstream of it, a deleted output blob turns a hit into a miss, and --no-cache runs everything.
/// </summary>
public sealed partial class ActionCacheTests
{
    /// <summary>Two independent chains (A -> C from source a, B -> D from source b), a Buildspec action on b, and an uncached one.</summary>
    private const string Pipeline = """
        name: cached
        stages:
          - name: Source
            actions:
              - {name: SourceA, category: Source, provider: Folder, configuration: {Path: "{scratch}/a"}, outputArtifacts: [a]}
              - {name: SourceB, category: Source, provider: Folder, configuration: {Path: "{scratch}/b"}, outputArtifacts: [b]}
          - name: Build
            actions:
              - name: A
                category: Build
                provider: Commands
                inputArtifacts: [a]
                commands: ["mkdir -p out", "sed 's/^/A saw /' a.txt > out/a.txt", "A_RESULT=$(wc -c < out/a.txt)"]
                outputArtifacts: [{name: a-out, files: ["out/**"]}]
                outputVariables: [A_RESULT]
                namespace: avars
              - name: B
                category: Build
                provider: Buildspec
                inputArtifacts: [b]
                outputArtifacts: [b-out]
                configuration:
                  BuildSpec: |
                    version: 0.2
                    phases:
                      build:
                        commands:
                          - mkdir -p out
                          - sed 's/^/B saw /' b.txt > out/b.txt
                    artifacts:
                      base-directory: out
                      files: ['*']
              - name: Stamp
                category: Build
                provider: Commands
                cache: false
                commands: ["date +%s%N"]
          - name: Test
            actions:
              - name: C
                category: Test
                provider: Commands
                inputArtifacts: [a-out]
                commands: ["mkdir -p out", "sed 's/^/C checked /' \"$FARM_INPUT_A_OUT/out/a.txt\" > out/c.txt", "test #{avars.A_RESULT} -gt 0"]
                outputArtifacts: [{name: c-out, files: ["out/**"]}]
              - name: D
                category: Test
                provider: Commands
                inputArtifacts: [b-out]
                commands: ["grep -q 'B saw' \"$FARM_INPUT_B_OUT/b.txt\""]
        """;

    private static readonly string[] Cacheable = ["Build/A", "Build/B", "Test/C", "Test/D"];

    private static async Task<Execution> RunAsync(LocalFarm farm, params string[] options)
    {
        var start = await farm.CliAsync(["start", "cached", "--wait", .. options]);
        Assert.True(start.ExitCode == 0, start.Output);
        return await farm.GetExecutionAsync(ExecutionId().Match(start.Output).Value);
    }

    private static ActionAttempt Last(Execution execution, string address)
    {
        var parts = address.Split('/');
        return execution.Stages.Single(s => s.Name == parts[0]).Actions.Single(a => a.Name == parts[1]).Attempts.Last();
    }

    /// <summary>The cacheable actions the execution served from the cache.</summary>
    private static string[] Hits(Execution execution) => Cacheable.Where(a => Last(execution, a).CacheHit is not null).ToArray();

    [Fact]
    public async Task An_unchanged_pipeline_is_served_from_the_cache_and_a_changed_or_missing_input_reruns_exactly_what_depends_on_it()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 2);
        Directory.CreateDirectory(Path.Combine(farm.Scratch, "a"));
        Directory.CreateDirectory(Path.Combine(farm.Scratch, "b"));
        await File.WriteAllTextAsync(Path.Combine(farm.Scratch, "a", "a.txt"), "alpha\n");
        await File.WriteAllTextAsync(Path.Combine(farm.Scratch, "b", "b.txt"), "beta\n");
        var apply = await farm.CliAsync("pipeline", "apply", "-f", farm.WritePipeline("cached.yaml", Pipeline));
        Assert.True(apply.ExitCode == 0, apply.Output);

        var first = await RunAsync(farm);
        Assert.Empty(Hits(first));
        Assert.All(Cacheable, a => Assert.NotEmpty(Last(first, a).CacheKey));

        // Unchanged: every cacheable action is a hit, with the first run's outputs and variables; the uncached one runs.
        var second = await RunAsync(farm);
        Assert.Equal(Cacheable, Hits(second));
        Assert.All(Cacheable, a => Assert.Equal(first.ExecutionId, Last(second, a).CacheHit.ExecutionId));
        Assert.All(Cacheable, a => Assert.Equal(Last(first, a).OutputArtifacts.Select(o => o.Digest.Hash), Last(second, a).OutputArtifacts.Select(o => o.Digest.Hash)));
        Assert.All(Cacheable, a => Assert.Empty(Last(second, a).AgentName));
        Assert.Equal(Last(first, "Build/A").OutputVariables["A_RESULT"], Last(second, "Build/A").OutputVariables["A_RESULT"]);
        Assert.Null(Last(second, "Build/Stamp").CacheHit);
        Assert.NotEmpty(Last(second, "Build/Stamp").AgentName);
        var show = await farm.CliAsync("executions", "show", second.ExecutionId);
        Assert.Contains($"cache hit: the result of {first.ExecutionId} Build/A attempt 1", show.Output);
        Assert.Contains("(action cache)", show.Output);

        // One input file changed: B and D (downstream of source b) run, A and C are still hits.
        await File.WriteAllTextAsync(Path.Combine(farm.Scratch, "b", "b.txt"), "beta two\n");
        var third = await RunAsync(farm);
        Assert.Equal(["Build/A", "Test/C"], Hits(third));
        var b = Path.Combine(farm.Scratch, "b-out");
        Assert.Equal(0, (await farm.CliAsync("artifacts", "get", third.ExecutionId, "b-out", "-o", b)).ExitCode);
        Assert.Equal("B saw beta two\n", await File.ReadAllTextAsync(Path.Combine(b, "b.txt")));

        // A blob of C's cached output deleted from the CAS: C's lookup is a miss, C runs (and succeeds); A is still a hit.
        var c = Last(third, "Test/C").OutputArtifacts.Single().Digest;
        Assert.Equal(0, (await farm.CliAsync("artifacts", "get", third.ExecutionId, "c-out", "-o", Path.Combine(farm.Scratch, "c-out"))).ExitCode);
        var blob = FileDigest(Path.Combine(farm.Scratch, "c-out", "out", "c.txt"));
        File.Delete(Path.Combine(farm.DataDirectory, "cas", "sha256", blob[..2], blob));
        var fourth = await RunAsync(farm);
        Assert.Equal(["Build/A", "Build/B", "Test/D"], Hits(fourth));
        Assert.Equal("Succeeded", Last(fourth, "Test/C").Status);
        Assert.NotEmpty(Last(fourth, "Test/C").AgentName);
        Assert.Equal(c.Hash, Last(fourth, "Test/C").OutputArtifacts.Single().Digest.Hash); // the same output, made again

        // --no-cache runs everything.
        var fifth = await RunAsync(farm, "--no-cache");
        Assert.Empty(Hits(fifth));
        Assert.All(Cacheable, a => Assert.NotEmpty(Last(fifth, a).AgentName));
    }

    private static string FileDigest(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    [GeneratedRegex("ex-[0-9a-z]+")]
    private static partial Regex ExecutionId();
}
