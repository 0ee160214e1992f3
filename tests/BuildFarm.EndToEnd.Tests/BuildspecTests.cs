using System.Text.RegularExpressions;
using BuildFarm.Api.V1;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>
/// The Buildspec provider over real processes: the buildspec files in Buildspec/ (written for these tests) run on
/// a farm of three agents, and what they produce (artifacts, output variables, test reports, the build cache) is
/// compared with what the buildspec says should happen.
/// </summary>
public sealed partial class BuildspecTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Buildspec", name);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<string> StartAsync(LocalFarm farm, string pipeline, int expectedExitCode, params string[] options)
    {
        var start = await farm.CliAsync(["start", pipeline, "--wait", .. options]);
        Assert.True(start.ExitCode == expectedExitCode, start.Output);
        return ExecutionId().Match(start.Output).Value;
    }

    private const string MainPipeline = """
        name: bs-main
        stages:
          - name: Source
            actions:
              - name: Checkout
                category: Source
                provider: Folder
                configuration: { Path: "{scratch}/app" }
                outputArtifacts: [source]
              - name: Tools
                category: Source
                provider: Folder
                configuration: { Path: "{scratch}/tools" }
                outputArtifacts: [tools]
          - name: Build
            actions:
              - name: Make
                category: Build
                provider: Buildspec
                namespace: make
                inputArtifacts: [source, tools]
                outputArtifacts: [bin, docs]
                configuration:
                  EnvironmentVariables: '[{"name":"GREETING","value":"from-pipeline","type":"PLAINTEXT"}]'
        """;

    [Fact]
    public async Task A_buildspec_file_builds_its_artifacts_variables_reports_and_a_cache_that_another_agent_restores()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 3);
        Copy(Fixture("app"), Path.Combine(farm.Scratch, "app"));
        Copy(Fixture("tools"), Path.Combine(farm.Scratch, "tools"));
        var apply = await farm.CliAsync("pipeline", "apply", "-f", farm.WritePipeline("main.yaml", MainPipeline));
        Assert.True(apply.ExitCode == 0, apply.Output);

        var firstId = await StartAsync(farm, "bs-main", 0);
        var first = await farm.GetExecutionAsync(firstId);
        var make = first.Stages[1].Actions[0];
        var sourceDigest = first.Stages[0].Actions[0].OutputArtifacts[0].Digest.Hash;
        Assert.Equal(new Dictionary<string, string>
        {
            ["VERSION"] = "2.5.0",                      // exported in pre_build, read after the last phase
            ["GREETING"] = "from-pipeline",             // the action's EnvironmentVariables over env.variables
            ["MODE"] = "release",
            ["TOOLS_VERSION"] = "tools 7",              // CODEBUILD_SRC_DIR_tools: the secondary input
            ["CACHE_STATE"] = "miss",
            ["BUILD_NUMBER_SEEN"] = "1",
            ["SOURCE_VERSION_SEEN"] = sourceDigest,     // a Folder source publishes no CommitId: the input tree's digest
            ["ID_SEEN"] = $"bs-main:{firstId}/Build/Make/1",
            ["INITIATOR_SEEN"] = "codepipeline/bs-main",
            ["POST_BUILD_SAW"] = "succeeding=1",
            ["WORKDIR_SEEN"] = "src",                   // the 'cd src' of pre_build carried over into build
        }, new Dictionary<string, string>(make.OutputVariables));

        var bin = Path.Combine(farm.Scratch, "bin");
        Assert.Equal(0, (await farm.CliAsync("artifacts", "get", firstId, "bin", "-o", bin)).ExitCode);
        Assert.Equal(["app", "build-info.txt", "lib/libgreet.so"], Listing(bin)); // base-directory out/bin, app.debug excluded
        Assert.Equal("version=2.5.0 mode=release greeting=from-pipeline\n", await File.ReadAllTextAsync(Path.Combine(bin, "build-info.txt")));
        var docs = Path.Combine(farm.Scratch, "docs");
        Assert.Equal(0, (await farm.CliAsync("artifacts", "get", firstId, "docs", "-o", docs)).ExitCode);
        Assert.Equal(["api.md", "guide.md"], Listing(docs)); // discard-paths: out/docs/{api,guide}/ flattened

        var reports = make.Attempts.Single().Reports;
        Assert.Equal([("smoke", "JUNITXML", 3, 2, 1, 0), ("unit", "NUNIT3XML", 3, 2, 0, 1)],
            reports.Select(r => (r.Group, r.Format, r.Total, r.Passed, r.Failed, r.Skipped)));
        var tests = await farm.CliAsync("tests", firstId, "--action", "Build/Make", "--failed");
        Assert.True(tests.ExitCode == 0, tests.Output);
        Assert.Contains("Build/Make (attempt 1) report 'smoke' (JUNITXML): 3 tests: 2 passed, 1 failed", tests.Output);
        Assert.Matches(@"Failed\s+smoke\s+answer is 42\s+\S+\s+expected 42 but got 41", tests.Output);
        Assert.DoesNotContain("program runs", tests.Output);
        var allTests = await farm.CliAsync("tests", firstId);
        Assert.Matches(@"Skipped\s+App\.Tests\.Greeter\s+Sings\s+\S+\s+not in this release", allTests.Output);
        Assert.Contains("program runs", allTests.Output);
        var show = await farm.CliAsync("executions", "show", firstId);
        Assert.Matches(@"Build/Make\s+smoke\s+JUNITXML\s+3\s+2\s+1\s+0\s+0", show.Output);

        var log = await farm.CliAsync("logs", firstId, "--action", "Build/Make");
        Assert.Contains("build finally ran in src", log.Output);
        Assert.Contains("[farm] cache: none saved yet for this action", log.Output);
        Assert.Contains("[farm] cache: saved 2 files", log.Output);

        // The second run goes to another agent: the one that ran the first is killed (a job handed to its last
        // long-poll would come back after the lease expires, so the newest attempt is the one to look at).
        var firstAgent = make.Attempts.Single().AgentName;
        farm.Agents[firstAgent].Kill();
        // --no-cache: the unchanged action would otherwise be served from the action cache (ActionCacheTests).
        var secondId = await StartAsync(farm, "bs-main", 0, "--no-cache");
        var second = (await farm.GetExecutionAsync(secondId)).Stages[1].Actions[0];
        Assert.NotEqual(firstAgent, second.Attempts.Last().AgentName);
        Assert.Equal($"hit:bs-main:{firstId}", second.OutputVariables["CACHE_STATE"]);
        Assert.Equal("2", second.OutputVariables["BUILD_NUMBER_SEEN"]);
        var secondLog = await farm.CliAsync("logs", secondId, "--action", "Build/Make");
        Assert.Matches($@"\[farm\] cache: restored 2 files .* saved by {firstAgent} \({Regex.Escape(firstId)}/Build/Make/1\)", secondLog.Output);
    }

    [Fact]
    public async Task Phases_follow_on_failure_a_failed_build_keeps_its_reports_and_unsupported_keys_are_refused_at_apply()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 2);
        Copy(Fixture("app"), Path.Combine(farm.Scratch, "app"));
        var apply = await farm.CliAsync("pipeline", "apply", "-f", farm.WritePipeline("phases.yaml", """
            name: bs-phases
            stages:
              - name: Source
                actions:
                  - {name: Checkout, category: Source, provider: Folder, configuration: {Path: "{scratch}/app"}, outputArtifacts: [source]}
              - name: Build
                actions:
                  - name: Continue
                    category: Test
                    provider: Buildspec
                    inputArtifacts: [source]
                    configuration:
                      BuildSpec: |
                        version: 0.2
                        phases:
                          install:
                            on-failure: CONTINUE
                            commands:
                              - echo installing
                              - "false"
                              - echo never printed
                            finally:
                              - echo "install finally succeeding=$CODEBUILD_BUILD_SUCCEEDING"
                          pre_build:
                            commands:
                              - echo "pre_build ran after CONTINUE"
                          build:
                            commands:
                              - mkdir -p results
                              - printf '<testsuite name="t"><testcase classname="c" name="passes"/><testcase classname="c" name="breaks"><failure message="broke on purpose"/></testcase></testsuite>' > results/junit.xml
                              - exit 3
                            finally:
                              - echo "build finally ran"
                          post_build:
                            commands:
                              - echo "post_build ran succeeding=$CODEBUILD_BUILD_SUCCEEDING"
                        reports:
                          checks:
                            files: [results/junit.xml]
                  - name: Abort
                    category: Build
                    provider: Buildspec
                    inputArtifacts: [source]
                    configuration:
                      BuildSpec: |
                        version: 0.2
                        phases:
                          pre_build:
                            commands:
                              - exit 5
                            finally:
                              - echo "pre_build finally ran"
                          build:
                            commands:
                              - echo "build must not run"
                          post_build:
                            commands:
                              - echo "post_build must not run"
            """));
        Assert.True(apply.ExitCode == 0, apply.Output);

        var id = await StartAsync(farm, "bs-phases", 1);
        var actions = (await farm.GetExecutionAsync(id)).Stages[1].Actions;
        var continued = actions.Single(a => a.Name == "Continue").Attempts.Single();
        Assert.Equal(("CommandFailed", "phase INSTALL failed: 'false' exited with code 1"), (continued.ErrorKind, continued.Message));
        var report = Assert.Single(continued.Reports);
        Assert.Equal(("checks", 2, 1), (report.Group, report.Total, report.Failed));
        var continueLog = (await farm.CliAsync("logs", id, "--action", "Build/Continue")).Output;
        Assert.Contains("install finally succeeding=0", continueLog);
        Assert.DoesNotContain("never printed", continueLog.Replace("[farm] running: echo never printed", ""));
        Assert.Contains("pre_build ran after CONTINUE", continueLog);
        Assert.Contains("build finally ran", continueLog);
        Assert.Contains("post_build ran succeeding=0", continueLog); // a failed build still runs post_build
        var tests = await farm.CliAsync("tests", id, "--failed");
        Assert.Matches(@"Failed\s+c\s+breaks\s+\S+\s+broke on purpose", tests.Output);

        var aborted = actions.Single(a => a.Name == "Abort").Attempts.Single();
        Assert.Equal((5, "phase PRE_BUILD failed: 'exit 5' exited with code 5"), (aborted.ExitCode, aborted.Message));
        var abortLog = (await farm.CliAsync("logs", id, "--action", "Build/Abort")).Output;
        Assert.Contains("pre_build finally ran", abortLog);
        Assert.Contains("[farm] phase BUILD skipped: an earlier phase failed", abortLog);
        Assert.Contains("[farm] phase POST_BUILD skipped: an earlier phase failed", abortLog);
        Assert.DoesNotContain("must not run\n", abortLog.Replace("[farm] running: echo \"build must not run\"", ""));

        await UnsupportedKeysAreRefusedAtApplyAsync(farm);
    }

    /// <summary>An inline buildspec with keys BuildFarm cannot honour is refused when the pipeline is applied, each key with its path.</summary>
    private static async Task UnsupportedKeysAreRefusedAtApplyAsync(LocalFarm farm)
    {
        var apply = await farm.CliAsync("pipeline", "apply", "-f", farm.WritePipeline("refused.yaml", """
            name: bs-refused
            stages:
              - name: Source
                actions:
                  - {name: Checkout, category: Source, provider: Folder, configuration: {Path: "{scratch}"}, outputArtifacts: [source]}
              - name: Build
                actions:
                  - name: Make
                    category: Build
                    provider: Buildspec
                    inputArtifacts: [source]
                    configuration:
                      BuildSpec: |
                        version: 0.2
                        env:
                          parameter-store:
                            NUGET_KEY: /ci/nuget/key
                        phases:
                          build:
                            on-failure: RETRY
                            commands: [make]
            """));
        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("stages[1].actions[0].configuration.BuildSpec: env.parameter-store.NUGET_KEY: '/ci/nuget/key' is a Parameter Store path", apply.Output);
        Assert.Contains("stages[1].actions[0].configuration.BuildSpec: phases.build.on-failure: 'RETRY' is not supported (ABORT or CONTINUE)", apply.Output);
        var list = await farm.CliAsync("pipeline", "list");
        Assert.DoesNotContain("bs-refused", list.Output);
    }


    private static List<string> Listing(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex("ex-[0-9a-z]+")]
    private static partial Regex ExecutionId();
}
