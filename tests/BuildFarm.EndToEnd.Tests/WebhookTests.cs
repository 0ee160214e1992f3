using System.Diagnostics;
using System.Net;
using BuildFarm.EndToEnd.Tests.Support;
using BuildFarm.Tests.Shared;
using Xunit.Abstractions;

namespace BuildFarm.EndToEnd.Tests;

public sealed class WebhookTests(ITestOutputHelper output)
{
    private const string Secret = "hook-secret";

    [Fact]
    public async Task Signed_push_tag_and_pull_request_deliveries_start_their_commits_and_badly_signed_ones_start_nothing()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        var served = Path.Combine(farm.Scratch, "served");
        using var repository = TestGitRepository.Create(served, "web");
        var first = repository.Commit("first", ("src/app.c", "v1"));
        await using var daemon = await GitDaemon.StartAsync(served);
        var url = daemon.UrlOf("web");
        var probe = new TriggerProbe(farm);
        var webhooks = new Webhooks(farm.HttpAddress);
        Assert.Equal(0, (await farm.CliAsync("secret", "set", "webhook", "--value", Secret)).ExitCode);
        await probe.ApplyAsync(farm.WritePipeline("hooked.yaml", $$"""
            name: hooked
            executionMode: PARALLEL
            stages:
              - name: Source
                actions:
                  - {name: Code, category: Source, provider: Git, namespace: source, outputArtifacts: [src],
                     configuration: {Repository: "{{url}}", Branch: main, PollForSourceChanges: "false"} }
              - name: Build
                actions:
                  - name: Show
                    category: Build
                    provider: Commands
                    cache: false          # writes a file per execution: each must run
                    inputArtifacts: [src]
                    commands: ["echo #{source.BranchName} #{source.CommitId} $(cat src/app.c) > {scratch}/built-$FARM_EXECUTION_ID.txt"]
            triggers:
              - gitConfiguration:
                  sourceActionName: Code
                  push:
                    - branches: {includes: [main]}
                    - tags: {includes: ["v*"]}
                  pullRequest:
                    - events: [OPEN, UPDATED]
                      branches: {includes: [main]}
                      filePaths: {includes: ["src/**"]}
            """));

        var second = repository.Commit("second", ("src/app.c", "v2"));
        var push = Webhooks.GitHubPush(url, "refs/heads/main", first, second);
        // Until the repository is watched the endpoint answers 404; a bad signature is refused once it is.
        var refused = await probe.UntilAsync(() => webhooks.GitHubAsync("push", push, Secret, tamper: true), r => r.Status != HttpStatusCode.NotFound,
            "the repository is watched");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await webhooks.GitHubAsync("push", push, "wrong-secret")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await webhooks.GitHubAsync("push", push, secret: null)).Status);
        var gitLabPush = $$"""{"ref":"refs/heads/main","before":"{{first}}","after":"{{second}}","project":{"git_http_url":"{{url}}"} }""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await webhooks.GitLabAsync("Push Hook", gitLabPush, "wrong-token")).Status);
        Assert.Empty(await probe.ExecutionsAsync("hooked"));

        var delivered = Stopwatch.StartNew();
        var accepted = await webhooks.GitHubAsync("push", push, Secret);
        output.WriteLine($"webhook delivery to answer (execution started): {delivered.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        var execution = await EndedAsync(farm, probe, 1);
        output.WriteLine($"webhook delivery to execution end (git:// fetch, 2 stages): {delivered.ElapsedMilliseconds} ms");
        Assert.Contains(execution.ExecutionId, accepted.Body);
        Assert.Equal(("Push", second), (execution.TriggerInfo.Type, execution.TriggerInfo.Revision));
        Assert.Equal($"main {second} v2", Built(farm, execution.ExecutionId));
        Assert.Equal(HttpStatusCode.Accepted, (await webhooks.GitHubAsync("push", push, Secret)).Status);
        Assert.Single(await probe.ExecutionsAsync("hooked"));

        repository.Tag("v1.0");
        var tagged = await webhooks.GitHubAsync("push", Webhooks.GitHubPush(url, "refs/tags/v1.0", "0000000000000000000000000000000000000000", repository.Head("v1.0")), Secret);
        Assert.Equal(HttpStatusCode.Accepted, tagged.Status);
        var tagRun = await EndedAsync(farm, probe, 2);
        Assert.Equal("Tag", tagRun.TriggerInfo.Type);
        Assert.EndsWith($"{second} v2", Built(farm, tagRun.ExecutionId));

        repository.Checkout("feature", create: true);
        var feature = repository.Commit("feature work", ("src/app.c", "v3"));
        var pr = Webhooks.GitLabMergeRequest(url, "7", "open", "feature", "main", feature);
        Assert.Equal(HttpStatusCode.Unauthorized, (await webhooks.GitLabAsync("Merge Request Hook", pr, "not-the-secret")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await webhooks.GitLabAsync("Merge Request Hook", pr, Secret)).Status);
        var prRun = await EndedAsync(farm, probe, 3);
        Assert.Equal("PullRequest", prRun.TriggerInfo.Type);
        Assert.Equal($"feature {feature} v3", Built(farm, prRun.ExecutionId));
        Assert.Equal("7", prRun.Stages[0].Actions[0].OutputVariables["PullRequestId"]);
    }

    private static string Built(LocalFarm farm, string executionId) =>
        File.ReadAllText(Path.Combine(farm.Scratch, $"built-{executionId}.txt")).Trim();

    private static async Task<BuildFarm.Api.V1.Execution> EndedAsync(LocalFarm farm, TriggerProbe probe, int count)
    {
        var executions = await probe.UntilAsync(() => probe.ExecutionsAsync("hooked"), e => e.Count == count, $"{count} executions");
        var execution = await farm.WaitForEndAsync(executions[0].ExecutionId);
        Assert.True(execution.Status == "Succeeded", execution.StatusSummary);
        return execution;
    }
}
