using System.Text;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Content;
using BuildFarm.Core.Reports;
using Google.Protobuf.WellKnownTypes;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Tests;

/// <summary>Buildspec jobs through the runner: real shells and files, an in-memory content store and build context.</summary>
public sealed class BuildspecJobTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly InMemoryContentStore store = new();
    private readonly InMemoryBuildContext context = new();

    public void Dispose() => dir.Dispose();

    private JobRunner Runner(string agent = "a1") => new(new AgentOptions
    {
        Servers = [new Uri("http://localhost:1")],
        Token = "t",
        Name = agent,
        WorkDirectory = dir.Combine(agent),
        CancelGracePeriod = TimeSpan.FromSeconds(2),
    }, store, new BlobCache(dir.Combine(agent, "cache")), context);

    private Digest AddTree(params (string Path, string Text)[] files)
    {
        var tree = ArtifactTree.Create(files.Select(f => new TreeEntry(f.Path, store.Add(Encoding.UTF8.GetBytes(f.Text)), 0x1A4)));
        return store.Add(tree.Encode());
    }

    private Job BuildspecJob(string? inlineBuildspec, params (string Path, string Text)[] source)
    {
        var job = new Job
        {
            Lease = new Lease { ExecutionId = "ex-1", JobId = "ex-1/Build/make/1", LeaseId = "lease-1" },
            Pipeline = "app",
            Stage = "Build",
            Action = "make",
            Attempt = 1,
            Category = "Build",
            Provider = "Buildspec",
        };
        job.Inputs.Add(new JobInput { Name = "source", Tree = AddTree(source.Length == 0 ? [("README", "hi")] : source).ToProto() });
        if (inlineBuildspec is not null) job.Configuration["BuildSpec"] = inlineBuildspec;
        return job;
    }

    private async Task<(JobResult Result, string Log)> RunAsync(Job job, JobRunner? runner = null)
    {
        var log = new MemoryStream();
        var chunker = new LogChunker((offset, data, _) =>
        {
            lock (log) log.Write(data.Span);
            return Task.CompletedTask;
        });
        JobResult result;
        try
        {
            result = await (runner ?? Runner()).RunAsync(job, chunker, CancellationToken.None);
        }
        finally
        {
            await chunker.CompleteAsync();
        }
        lock (log) return (result, Encoding.UTF8.GetString(log.ToArray()));
    }

    private Dictionary<string, string> Files(Digest tree) =>
        ArtifactTree.Decode(store.Blobs[tree]).Entries.ToDictionary(e => e.Path, e => Encoding.UTF8.GetString(store.Blobs[e.Digest]));

    [Fact]
    public async Task Secrets_reach_the_commands_environment_and_their_values_are_masked_in_the_log()
    {
        var job = BuildspecJob("""
            version: 0.2
            env:
              secrets-manager:
                TOKEN: ci-token
                DB_PASSWORD: "db:password"
              parameter-store:
                NUGET_KEY: nuget.key
              exported-variables: [LOGIN]
            phases:
              build:
                commands:
                  - echo "token $TOKEN password $DB_PASSWORD key $NUGET_KEY"
                  - printf 'split %s' "$TOKEN" | fold -w 3
                  - test "$TOKEN" = tok-123456 && test "$DB_PASSWORD" = 'p@ss w0rd' && test "$NUGET_KEY" = nk-987654
                  - LOGIN="app:$DB_PASSWORD"
            """);
        job.Secrets["ci-token"] = "tok-123456";
        job.Secrets["db"] = """{"user": "app", "password": "p@ss w0rd"}""";
        job.Secrets["nuget.key"] = "nk-987654";

        var (result, log) = await RunAsync(job);

        Assert.True(result.Succeeded, result.Message + "\n" + log);
        Assert.Contains("token *** password *** key ***\n", log);
        Assert.DoesNotContain("tok-123456", log);
        Assert.DoesNotContain("p@ss w0rd", log);
        Assert.DoesNotContain("nk-987654", log);
        // An output variable is kept in the execution's state: a secret copied into one is masked there too.
        Assert.Equal("app:***", result.OutputVariables["LOGIN"]);
    }

    [Fact]
    public async Task A_secret_the_farm_does_not_have_or_the_action_does_not_declare_fails_the_action_naming_it()
    {
        var inline = BuildspecJob("version: 0.2\nenv:\n  secrets-manager:\n    TOKEN: ci-token\nphases:\n  build:\n    commands: [echo hi]");
        var (missing, _) = await RunAsync(inline);
        Assert.Equal((ErrorKind.ConfigurationError, "configuration 'BuildSpec' (inline): env.secrets-manager.TOKEN: the farm has no secret 'ci-token'; an admin sets it with `farm secret set ci-token`"),
            (missing.ErrorKind, missing.Message));

        var file = BuildspecJob(null, ("buildspec.yml", "version: 0.2\nenv:\n  secrets-manager:\n    TOKEN: ci-token\nphases:\n  build:\n    commands: [echo hi]"));
        file.Secrets["ci-token"] = "sent by mistake";
        var (undeclared, _) = await RunAsync(file);
        Assert.Equal("buildspec.yml: env.secrets-manager.TOKEN: secret 'ci-token' is not declared by the action; add it to configuration.Secrets (a job gets only the secrets its action declares)",
            undeclared.Message);

        var json = BuildspecJob("version: 0.2\nenv:\n  secrets-manager:\n    USER: db:login\nphases:\n  build:\n    commands: [echo hi]");
        json.Secrets["db"] = """{"user": "app", "password": "hidden"}""";
        var (noKey, noKeyLog) = await RunAsync(json);
        Assert.Equal("configuration 'BuildSpec' (inline): env.secrets-manager.USER: secret 'db' has no key 'login' (its keys: user, password)", noKey.Message);
        Assert.DoesNotContain("hidden", noKeyLog);
    }

    [Fact]
    public async Task Directory_and_variables_carry_over_between_commands_and_phases_and_become_output_variables()
    {
        var job = BuildspecJob("""
            version: 0.2
            env:
              variables: { FROM_SPEC: spec, OVERRIDDEN: spec }
              exported-variables: [VERSION, PLAIN, WHERE, FROM_SPEC, OVERRIDDEN]
            phases:
              install:
                commands:
                  - mkdir -p sub/dir && cd sub
                  - cd dir
                  - export VERSION=1.2.3
                  - PLAIN="not exported"
              build:
                commands:
                  - WHERE=$(basename "$PWD")
                  - echo "build sees $VERSION / $PLAIN in $WHERE"
                  - bash -c 'echo "child sees [$VERSION] [$PLAIN]"'
            """);
        job.Configuration["EnvironmentVariables"] = """[{"name":"OVERRIDDEN","value":"action","type":"PLAINTEXT"}]""";

        var (result, log) = await RunAsync(job);

        Assert.True(result.Succeeded, result.Message + "\n" + log);
        Assert.Equal(new Dictionary<string, string>
        {
            ["VERSION"] = "1.2.3", ["PLAIN"] = "not exported", ["WHERE"] = "dir", ["FROM_SPEC"] = "spec", ["OVERRIDDEN"] = "action",
        }, result.OutputVariables);
        Assert.Contains("build sees 1.2.3 / not exported in dir\n", log);
        Assert.Contains("child sees [1.2.3] []\n", log); // only exported variables reach child processes
    }

    [Fact]
    public async Task With_sh_exported_variables_and_the_directory_carry_over()
    {
        var (result, log) = await RunAsync(BuildspecJob("""
            version: 0.2
            env:
              shell: /bin/sh
              exported-variables: [A]
            phases:
              build:
                commands:
                  - mkdir -p x && cd x && export A=1
                  - echo "in $(basename "$PWD") A=$A"
            """));
        Assert.True(result.Succeeded, result.Message + "\n" + log);
        Assert.Contains("in x A=1\n", log);
        Assert.Equal("1", result.OutputVariables["A"]);
    }

    [Fact]
    public async Task A_failed_build_still_runs_finally_and_post_build_and_fails_the_action_with_the_first_failure()
    {
        var (result, log) = await RunAsync(BuildspecJob("""
            version: 0.2
            phases:
              pre_build:
                commands: ["echo pre succeeding=$CODEBUILD_BUILD_SUCCEEDING"]
              build:
                commands:
                  - echo compiling
                  - exit 7
                  - echo never
                finally:
                  - echo "finally succeeding=$CODEBUILD_BUILD_SUCCEEDING"
              post_build:
                commands: ["echo post succeeding=$CODEBUILD_BUILD_SUCCEEDING"]
            """));

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorKind.CommandFailed, result.ErrorKind);
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("phase BUILD failed: 'exit 7' exited with code 7", result.Message);
        Assert.True(log.Contains("pre succeeding=1\n"), log);
        Assert.DoesNotContain("never", log);
        Assert.Contains("finally succeeding=0\n", log);
        Assert.Contains("post succeeding=0\n", log);
    }

    [Fact]
    public async Task Abort_after_pre_build_skips_the_rest_and_continue_goes_on()
    {
        var (aborted, abortLog) = await RunAsync(BuildspecJob("""
            version: 0.2
            phases:
              install: { commands: ["false"], finally: ["echo install finally"] }
              pre_build: { commands: ["echo pre"] }
              build: { commands: ["echo build"] }
              post_build: { commands: ["echo post"] }
            """));
        Assert.Equal("phase INSTALL failed: 'false' exited with code 1", aborted.Message);
        Assert.Contains("install finally\n", abortLog);
        Assert.Contains("[farm] phase PRE_BUILD skipped: an earlier phase failed", abortLog);
        Assert.DoesNotContain("\npre\n", abortLog);
        Assert.DoesNotContain("\npost\n", abortLog);

        var (continued, continueLog) = await RunAsync(BuildspecJob("""
            version: 0.2
            phases:
              install: { on-failure: CONTINUE, commands: ["false"] }
              pre_build: { commands: ["echo pre $CODEBUILD_BUILD_SUCCEEDING"] }
              build: { commands: ["echo build"] }
            """));
        Assert.False(continued.Succeeded);
        Assert.Equal("phase INSTALL failed: 'false' exited with code 1", continued.Message);
        Assert.Contains("pre 0\n", continueLog);
        Assert.Contains("\nbuild\n", continueLog);
    }

    [Fact]
    public async Task An_exit_inside_a_command_fails_that_command_only_and_keeps_the_state()
    {
        var (result, log) = await RunAsync(BuildspecJob("""
            version: 0.2
            phases:
              build:
                commands:
                  - export KEPT=yes; exit 4
                finally:
                  - echo "kept=$KEPT"
            """));
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("kept=yes\n", log);
    }

    [Fact]
    public async Task Sets_the_codebuild_variables()
    {
        context.SourceRevision = "abc123";
        var job = BuildspecJob("""
            version: 0.2
            env:
              exported-variables: [OUT]
            phases:
              build:
                commands:
                  - test "$CODEBUILD_SRC_DIR" = "$PWD"
                  - test -f "$CODEBUILD_SRC_DIR_tools/tool.txt"
                  - test "$HOME" != "" && test -d "$HOME"
                  - OUT="$CODEBUILD_BUILD_ID|$CODEBUILD_BUILD_NUMBER|$CODEBUILD_RESOLVED_SOURCE_VERSION|$CODEBUILD_INITIATOR|$CODEBUILD_CI|${#CODEBUILD_START_TIME}"
            """);
        job.Inputs.Add(new JobInput { Name = "tools", Tree = AddTree(("tool.txt", "t")).ToProto() });

        var (result, log) = await RunAsync(job);

        Assert.True(result.Succeeded, result.Message + "\n" + log);
        Assert.Equal("app:ex-1/Build/make/1|1|abc123|codepipeline/app|true|13", result.OutputVariables["OUT"]);
    }

    [Fact]
    public async Task Without_a_published_revision_the_source_version_is_the_input_tree_digest()
    {
        var job = BuildspecJob("version: 0.2\nenv:\n  exported-variables: [V]\nphases:\n  build:\n    commands: ['V=$CODEBUILD_RESOLVED_SOURCE_VERSION']");
        var (result, _) = await RunAsync(job);
        Assert.Equal(job.Inputs[0].Tree.Hash, result.OutputVariables["V"]);
    }

    [Fact]
    public async Task Artifacts_take_base_directory_discard_paths_exclude_paths_and_secondary_sections()
    {
        var job = BuildspecJob("""
            version: 0.2
            phases:
              build:
                commands:
                  - mkdir -p out/bin/lib out/docs/a out/docs/b
                  - echo app > out/bin/app && echo lib > out/bin/lib/lib.so && echo debug > out/bin/app.pdb
                  - echo one > out/docs/a/one.md && echo two > out/docs/b/two.md
            artifacts:
              base-directory: out/bin
              files: ['**/*']
              exclude-paths: ['**/*.pdb']
              secondary-artifacts:
                docs:
                  base-directory: out/docs
                  files: ['**/*.md']
                  discard-paths: yes
            """);
        job.Outputs.Add(new JobOutput { Name = "bin" });
        job.Outputs.Add(new JobOutput { Name = "docs" });

        var (result, log) = await RunAsync(job);

        Assert.True(result.Succeeded, result.Message + "\n" + log);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "app\n", ["lib/lib.so"] = "lib\n" }, Files(result.Outputs["bin"]));
        Assert.Equal(new Dictionary<string, string> { ["one.md"] = "one\n", ["two.md"] = "two\n" }, Files(result.Outputs["docs"]));
    }

    [Fact]
    public async Task An_artifact_section_that_matches_nothing_fails_the_action()
    {
        var job = BuildspecJob("""
            version: 0.2
            phases:
              build:
                commands: [mkdir -p out, "echo '<testsuite><testcase name=\"t\"/></testsuite>' > out/junit.xml"]
            artifacts:
              base-directory: out
              files: ['*.jar']
            reports:
              unit:
                files: [out/junit.xml]
            """);
        job.Outputs.Add(new JobOutput { Name = "bin" });
        var (result, _) = await RunAsync(job);
        Assert.Equal(ErrorKind.ConfigurationError, result.ErrorKind);
        Assert.Equal("artifacts: no file matches '*.jar' in base-directory 'out'", result.Message);
        Assert.Equal(1, Assert.Single(result.Reports).Counts.Passed); // the reports of the build are kept all the same
    }

    [Fact]
    public async Task Reports_are_parsed_even_when_the_build_fails_and_stored_whole_in_the_content_store()
    {
        var (result, log) = await RunAsync(BuildspecJob("""
            version: 0.2
            phases:
              build:
                commands:
                  - mkdir -p results
                  - cp junit.xml results/
                  - exit 1
            reports:
              unit:
                base-directory: results
                files: ['*.xml']
              missing:
                files: ['nothing/*.xml']
            """, ("junit.xml", """
                <testsuite name="s"><testcase classname="c" name="ok"/><testcase classname="c" name="bad"><failure message="boom"/></testcase></testsuite>
                """)));

        Assert.False(result.Succeeded);
        var summary = Assert.Single(result.Reports);
        Assert.Equal(("unit", "JUNITXML", new TestCounts(2, 1, 1, 0, 0)), (summary.Group, summary.Format, summary.Counts));
        var report = TestReportCodec.Decode(store.Blobs[summary.Report]);
        Assert.Equal("boom", report.Cases.Single(c => c.Name == "bad").Message);
        Assert.Contains("[farm] report 'missing': no file matches nothing/*.xml", log);
    }

    [Fact]
    public async Task The_cache_saved_by_one_agent_is_restored_by_another_before_install()
    {
        const string spec = """
            version: 0.2
            phases:
              install:
                commands:
                  - if [ -f deps/lib.txt ]; then echo "deps restored=$(cat deps/lib.txt)"; else mkdir -p deps && echo v1 > deps/lib.txt; fi
                  - if [ -f ~/.tool/state ]; then echo "home restored=$(cat ~/.tool/state)"; else mkdir -p ~/.tool && echo warm > ~/.tool/state; fi
              build:
                commands: [echo built]
            cache:
              paths: [deps, '~/.tool/**/*']
            """;
        var (first, firstLog) = await RunAsync(BuildspecJob(spec), Runner("agent-1"));
        Assert.True(first.Succeeded, first.Message + "\n" + firstLog);
        Assert.Contains("[farm] cache: none saved yet for this action", firstLog);
        Assert.Equal(new Dictionary<string, string> { ["src/deps/lib.txt"] = "v1\n", ["home/.tool/state"] = "warm\n" }, Files(context.Cache!.Value));

        var (second, secondLog) = await RunAsync(BuildspecJob(spec), Runner("agent-2"));
        Assert.True(second.Succeeded, second.Message + "\n" + secondLog);
        Assert.Contains("deps restored=v1\n", secondLog);
        Assert.Contains("home restored=warm\n", secondLog);
        Assert.Contains("[farm] cache: unchanged (2 files)", secondLog);
        Assert.Equal(1, context.Puts);
    }

    [Fact]
    public async Task A_buildspec_file_from_the_source_is_checked_when_the_job_starts()
    {
        var job = BuildspecJob(null, ("ci/spec.yml", "version: 0.2\nphases:\n  build:\n    on-failure: RETRY-3\n    commands: [make]\n"));
        job.Configuration["BuildSpec"] = "ci/spec.yml";
        var (result, _) = await RunAsync(job);
        Assert.Equal(ErrorKind.ConfigurationError, result.ErrorKind);
        Assert.Equal("ci/spec.yml: phases.build.on-failure: 'RETRY-3' is not supported (ABORT or CONTINUE); retry the action with the pipeline's retry instead", result.Message);

        var (missing, _) = await RunAsync(BuildspecJob(null));
        Assert.Equal("buildspec file 'buildspec.yml' is not in the primary source 'source'; add it, or set configuration 'BuildSpec' to its path or to inline YAML", missing.Message);
    }

    [Fact]
    public async Task The_timeout_stops_the_build()
    {
        var job = BuildspecJob("version: 0.2\nphases:\n  build:\n    commands: ['sleep 100']\n    finally: ['echo finally']");
        job.Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        var (result, _) = await RunAsync(job);
        Assert.Equal(ErrorKind.Timeout, result.ErrorKind);
        Assert.Equal("phase BUILD: the job's timeout ran out during 'sleep 100'", result.Message);
    }
}
