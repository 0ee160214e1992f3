using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using BuildFarm.EndToEnd.Tests.Support;
using BuildFarm.Tests.Shared;

namespace BuildFarm.EndToEnd.Tests;

public sealed class CommitStatusTests
{
    [Fact]
    public async Task A_git_source_behind_http_credentials_runs_and_its_commit_gets_pending_then_the_final_state()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        var served = Path.Combine(farm.Scratch, "served");
        using var repository = TestGitRepository.Create(served, "app");
        var commit = repository.Commit("first", ("src/app.c", "int main;"));
        using var git = new GitHttpServer(served, "ci", "pa55word");
        using var statuses = new CommitStatusReceiver();
        Assert.Equal(0, (await farm.CliAsync("secret", "set", "git-cred", "--value", "ci:pa55word")).ExitCode);
        Assert.Equal(0, (await farm.CliAsync("secret", "set", "status-token", "--value", "tok-1")).ExitCode);
        var probe = new TriggerProbe(farm);
        await probe.ApplyAsync(farm.WritePipeline("status.yaml", $$"""
            name: status
            variables: [{name: fail, defaultValue: "no"}]
            stages:
              - name: Source
                actions:
                  - {name: Code, category: Source, provider: Git, namespace: source, outputArtifacts: [src],
                     configuration: {Repository: "{{git.UrlOf("app")}}", CredentialSecret: git-cred} }
              - name: Build
                actions:
                  - name: Report
                    category: Invoke
                    provider: CommitStatus
                    configuration:
                      Url: "{{statuses.Url}}/repos/o/app/statuses/#{source.CommitId}"
                      Context: farm/status
                      TokenSecret: status-token
                  - {name: Check, category: Build, provider: Commands, runOrder: 2, inputArtifacts: [src], commands: ["test -f src/app.c", "test #{variables.fail} = no"]}
            """));

        var succeeded = await farm.CliAsync("start", "status", "--wait");
        Assert.True(succeeded.ExitCode == 0, succeeded.Output);
        await probe.UntilAsync(() => Task.FromResult(statuses.Received.Count), n => n >= 2, "pending and success were posted");
        var failed = await farm.CliAsync("start", "status", "--var", "fail=yes", "--wait");
        Assert.Equal(1, failed.ExitCode);
        await probe.UntilAsync(() => Task.FromResult(statuses.Received.Count), n => n >= 4, "pending and failure were posted");

        Assert.Equal(["pending", "success", "pending", "failure"], statuses.Received.Select(r => r.State));
        Assert.All(statuses.Received, r => Assert.Equal(($"/repos/o/app/statuses/{commit}", "Bearer tok-1", "farm/status"), (r.Path, r.Authorization, r.Context)));
        Assert.True(git.Refused > 0, "the git server asked for credentials");
        var log = await farm.CliAsync("logs", (await probe.ExecutionsAsync("status"))[0].ExecutionId, "--action", "Source/Code");
        Assert.Contains(commit[..7], log.Output);
        Assert.DoesNotContain("pa55word", log.Output);
    }
}
