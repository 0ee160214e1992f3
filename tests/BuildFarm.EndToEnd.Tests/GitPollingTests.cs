using System.Diagnostics;
using BuildFarm.EndToEnd.Tests.Support;
using BuildFarm.Tests.Shared;
using Xunit.Abstractions;

namespace BuildFarm.EndToEnd.Tests;

public sealed class GitPollingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_polled_push_starts_one_execution_on_its_commit_excluded_paths_start_none_and_the_150th_file_counts()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1, serverArguments: ["--poll-interval", "1"]);
        using var repository = TestGitRepository.Create(farm.Scratch, "app");
        repository.Commit("first", ("src/version.txt", "1"), ("docs/intro.md", "hello"));
        var probe = new TriggerProbe(farm);
        var file = farm.WritePipeline("polled.yaml", $$"""
            name: polled
            executionMode: PARALLEL
            stages:
              - name: Source
                actions:
                  - {name: Code, category: Source, provider: Git, namespace: source, configuration: {Repository: "{{repository.FileUrl}}", Branch: main}, outputArtifacts: [src]}
              - name: Build
                actions:
                  - name: Show
                    category: Build
                    provider: Commands
                    inputArtifacts: [src]
                    commands:
                      - "test ! -e .git"
                      - "echo #{source.CommitId} $(cat src/version.txt) > {scratch}/built-$FARM_EXECUTION_ID.txt"
            triggers:
              - providerType: Git
                gitConfiguration:
                  sourceActionName: Code
                  push:
                    - branches: {includes: [main]}
                      filePaths: {includes: ["src/**"], excludes: ["src/docs/**"]}
            """);
        await probe.ApplyAsync(file);
        await probe.UntilAsync(() => probe.TriggerAsync("polled"), t => t.LastCheckAt is not null, "the first poll took its baseline");

        var excluded = repository.Commit("docs only", ("docs/intro.md", "changed"), ("src/docs/guide.md", "guide"));
        await probe.UntilAsync(() => probe.TriggerAsync("polled"), t => t.LastResult.Contains(excluded[..7]) || t.LastResult.Contains("none of the 2 changed files"),
            "the docs-only push was seen");
        Assert.Empty(await probe.ExecutionsAsync("polled"));

        // 149 documentation files sort before the one source file: it is the 150th changed file.
        var files = Enumerable.Range(1, 149).Select(i => ($"docs/page{i:000}.md", $"page {i}")).Append(("src/version.txt", "2")).ToArray();
        var pushed = Stopwatch.StartNew();
        var commit = repository.Commit("many files", files);
        var summary = Assert.Single(await probe.UntilAsync(() => probe.ExecutionsAsync("polled"), e => e.Count > 0, "the push started an execution"));
        output.WriteLine($"push to execution via polling (1 s interval): {pushed.ElapsedMilliseconds} ms");

        var execution = await farm.WaitForEndAsync(summary.ExecutionId);
        Assert.Equal("Succeeded", execution.Status);
        Assert.Equal(("Push", commit), (execution.TriggerInfo.Type, execution.TriggerInfo.Revision));
        Assert.Equal(commit, Assert.Single(execution.SourceRevisions).RevisionId);
        Assert.Equal($"{commit} 2", File.ReadAllText(Path.Combine(farm.Scratch, $"built-{execution.ExecutionId}.txt")).Trim());

        var checkedAfter = (await probe.TriggerAsync("polled")).LastCheckAt.ToDateTimeOffset();
        await probe.UntilAsync(() => probe.TriggerAsync("polled"), t => t.LastCheckAt.ToDateTimeOffset() > checkedAfter.AddSeconds(1), "two more polls");
        Assert.Single(await probe.ExecutionsAsync("polled"));

        var listed = await farm.CliAsync("triggers", "list", "polled");
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.Contains(execution.ExecutionId, listed.Output);
        var shown = await farm.CliAsync("executions", "show", execution.ExecutionId);
        Assert.Contains($"Push: push to 'main' at {commit[..7]} (poll)", shown.Output);
        Assert.Contains(commit, shown.Output);
    }
}
