using BuildFarm.Api.V1;
using BuildFarm.EndToEnd.Tests.Support;

namespace BuildFarm.EndToEnd.Tests;

public sealed class UpstreamTests
{
    [Fact]
    public async Task An_upstream_success_starts_the_downstream_pipeline_with_its_artifacts()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        var probe = new TriggerProbe(farm);
        await probe.ApplyAsync(farm.WritePipeline("deploy.yaml", """
            name: deploy
            stages:
              - name: Source
                actions:
                  - {name: FromBuild, category: Source, provider: Upstream, configuration: {Pipeline: build, Artifact: bin}, outputArtifacts: [app]}
              - name: Deploy
                actions:
                  - {name: Install, category: Build, provider: Commands, inputArtifacts: [app], commands: ["cp out/app.txt {scratch}/deployed.txt"]}
            triggers:
              - upstream: {pipeline: build}
            """));
        var waiting = await probe.TriggerAsync("deploy");
        Assert.Equal("pipeline 'build' does not exist (yet); this trigger waits for it", waiting.Problem);
        await probe.ApplyAsync(farm.WritePipeline("build.yaml", """
            name: build
            stages:
              - name: Build
                actions:
                  - name: Compile
                    category: Build
                    provider: Commands
                    commands: ["mkdir -p out", "echo built by $FARM_EXECUTION_ID > out/app.txt"]
                    outputArtifacts: [{name: bin, files: ["out/**"]}]
            """));

        var failing = await farm.CliAsync("start", "build", "--wait");
        Assert.True(failing.ExitCode == 0, failing.Output);
        var build = Assert.Single(await probe.ExecutionsAsync("build"));
        var deploy = Assert.Single(await probe.UntilAsync(() => probe.ExecutionsAsync("deploy"), e => e.Count > 0, "the downstream started"));
        var ended = await farm.WaitForEndAsync(deploy.ExecutionId);

        Assert.Equal("Succeeded", ended.Status);
        Assert.Equal(("Upstream", build.ExecutionId), (ended.TriggerInfo.Type, ended.TriggerInfo.Revision));
        Assert.Equal($"built by {build.ExecutionId}", File.ReadAllText(Path.Combine(farm.Scratch, "deployed.txt")).Trim());
        var built = (await farm.ExecutionsClient.ListArtifactsAsync(new ListArtifactsRequest { ExecutionId = build.ExecutionId }, farm.Auth)).Artifacts.Single();
        Assert.Equal(built.Digest, ended.Stages[0].Actions[0].OutputArtifacts.Single().Digest);
        Assert.Empty((await probe.TriggerAsync("deploy")).Problem);
    }
}
