using BuildFarm.Core.Buildspec;

namespace BuildFarm.Core.Tests.Buildspec;

public sealed class BuildspecParserTests
{
    private const string Full = """
        version: 0.2
        env:
          shell: /bin/sh
          variables:
            MODE: release
            COUNT: 3
            EMPTY:
          exported-variables: [IMAGE_TAG, MODE]
          git-credential-helper: no
        phases:
          install:
            on-failure: CONTINUE
            commands: [make deps]
          pre_build:
            commands: "single command"
          build:
            commands:
              - make
              - make test
            finally:
              - echo done
          post_build:
        reports:
          unit:
            files: ["**/*.xml"]
            base-directory: out/tests
            file-format: NUNIT3XML
          junit:
            files: [results.xml]
        artifacts:
          files: ['**/*']
          name: app
          base-directory: out/bin
          discard-paths: yes
          exclude-paths: ['**/*.pdb']
          secondary-artifacts:
            docs:
              files: [docs/**/*]
              discard-paths: no
        cache:
          paths: ['~/.npm/**/*', node_modules]
        """;

    [Fact]
    public void Reads_every_supported_key()
    {
        var result = BuildspecParser.Parse(Full);
        Assert.Empty(result.Problems);
        var spec = result.Buildspec!;
        Assert.Equal("/bin/sh", spec.Env.Shell);
        Assert.Equal(new Dictionary<string, string> { ["MODE"] = "release", ["COUNT"] = "3", ["EMPTY"] = "" }, spec.Env.Variables);
        Assert.Equal(["IMAGE_TAG", "MODE"], spec.Env.ExportedVariables);
        Assert.Equal(BuildspecPhase.Names, spec.Phases.Select(p => p.Name));
        Assert.Equal(OnFailure.Continue, spec.Phase("install").OnFailure);
        Assert.Equal(["single command"], spec.Phase("pre_build").Commands);
        Assert.Equal(["make", "make test"], spec.Phase("build").Commands);
        Assert.Equal(["echo done"], spec.Phase("build").Finally);
        Assert.Equal(OnFailure.Abort, spec.Phase("build").OnFailure);
        Assert.Empty(spec.Phase("post_build").Commands);
        Assert.Equal(["unit", "junit"], spec.Reports.Select(r => r.Name));
        Assert.Equal("NUNIT3XML", spec.Reports[0].FileFormat);
        Assert.Equal("out/tests", spec.Reports[0].BaseDirectory);
        Assert.Equal("JUNITXML", spec.Reports[1].FileFormat);
        var artifacts = spec.Artifacts!;
        Assert.Equal(("app", "out/bin", true), (artifacts.Name, artifacts.BaseDirectory, artifacts.DiscardPaths));
        Assert.Equal(["**/*.pdb"], artifacts.ExcludePaths);
        Assert.Equal("artifacts.secondary-artifacts.docs", spec.SecondaryArtifacts["docs"].Path);
        Assert.False(spec.SecondaryArtifacts["docs"].DiscardPaths);
        Assert.Equal(["~/.npm/**/*", "node_modules"], spec.CachePaths);
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "RETRY on failure", "phases:\n  build:\n    on-failure: RETRY\n    commands: [make]", "phases.build.on-failure: 'RETRY' is not supported (ABORT or CONTINUE); retry the action with the pipeline's retry instead" },
        { "unknown on-failure", "phases:\n  build:\n    on-failure: STOP\n    commands: [make]", "phases.build.on-failure: 'STOP' is not supported (ABORT or CONTINUE)" },
        { "parameter store path", "env:\n  parameter-store:\n    KEY: /ci/key", "env.parameter-store.KEY: '/ci/key' is a Parameter Store path; a parameter here is the farm secret of that name, and farm secret names hold no '/': store the value with `farm secret set ci.key` and write that name" },
        { "secrets manager ARN", "env:\n  secrets-manager:\n    TOKEN: arn:aws:secretsmanager:us-east-1:1:secret:ci-token", "env.secrets-manager.TOKEN: 'arn:aws:secretsmanager:us-east-1:1:secret:ci-token' is an AWS Secrets Manager ARN; name a farm secret instead (an admin stores it with `farm secret set NAME`)" },
        { "secret version stage", "env:\n  secrets-manager:\n    TOKEN: ci-token:key:AWSPREVIOUS", "env.secrets-manager.TOKEN: 'ci-token:key:AWSPREVIOUS' names a version: a farm secret has one value (the last `farm secret set`), so version-stage and version-id must be left empty" },
        { "secret version id", "env:\n  secrets-manager:\n    TOKEN: ci-token:::v1", "env.secrets-manager.TOKEN: 'ci-token:::v1' names a version: a farm secret has one value (the last `farm secret set`), so version-stage and version-id must be left empty" },
        { "secret too many parts", "env:\n  secrets-manager:\n    TOKEN: a:b:c:d:e", "env.secrets-manager.TOKEN: 'a:b:c:d:e' has 5 parts; expected secret-id[:json-key[:version-stage[:version-id]]]" },
        { "secret bad name", "env:\n  secrets-manager:\n    TOKEN: ci/token", "env.secrets-manager.TOKEN: 'ci/token' is not a secret name: use 1 to 100 characters from A-Z a-z 0-9 . _ - (the name of a farm secret, never the value)" },
        { "secret bad variable", "env:\n  secrets-manager:\n    1TOKEN: ci-token", "env.secrets-manager.1TOKEN: '1TOKEN' is not a shell variable name (letters, digits and '_', not starting with a digit)" },
        { "exported secret", "env:\n  secrets-manager:\n    TOKEN: ci-token\n  exported-variables: [TOKEN]", "env.exported-variables[0]: 'TOKEN' holds a secret (env.secrets-manager.TOKEN); exporting it would show its value in the execution's variables" },
        { "runtime versions", "phases:\n  install:\n    runtime-versions:\n      nodejs: 18.x", "phases.install.runtime-versions.nodejs: is not supported: agents have no managed runtime images; install the runtime with the install phase's commands, or run on an agent that has it" },
        { "run-as", "run-as: builder", "run-as: is not supported: every command runs as the agent's user (BuildFarm does not switch Linux users)" },
        { "phase run-as", "phases:\n  build:\n    run-as: builder\n    commands: [make]", "phases.build.run-as: is not supported: every command runs as the agent's user (BuildFarm does not switch Linux users)" },
        { "proxy", "proxy:\n  upload-artifacts: yes", "proxy: is not supported: agents reach the farm directly; configure a proxy in the agent's environment instead" },
        { "git credential helper", "env:\n  git-credential-helper: yes", "env.git-credential-helper: 'yes' is not supported: BuildFarm has no credential helper to give git; leave it out or say 'no'" },
        { "powershell", "env:\n  shell: powershell.exe", "env.shell: shell 'powershell.exe' is not supported on Linux agents; use bash or /bin/sh (powershell.exe and cmd.exe are Windows shells)" },
        { "cache key", "cache:\n  key: npm-1\n  paths: [x]", "cache.key: is not supported: the cache is one entry per pipeline action, restored before install and saved after a successful build; leave 'key' out" },
        { "absolute cache path", "cache:\n  paths: [/root/.m2/**/*]", "cache.paths[0]: '/root/.m2/**/*' is absolute; cache paths are relative to the source directory, or to the job's home with '~/'" },
        { "coverage report", "reports:\n  cov:\n    files: [c.xml]\n    file-format: COBERTURAXML", "reports.cov.file-format: 'COBERTURAXML' is not supported; BuildFarm reads JUNITXML, NUNIT3XML, VISUALSTUDIOTRX" },
        { "misspelt format", "reports:\n  t:\n    files: [c.xml]\n    file-format: JUNITXM", "reports.t.file-format: 'JUNITXM' is not a report file format (did you mean 'JUNITXML'?); BuildFarm reads JUNITXML, NUNIT3XML, VISUALSTUDIOTRX" },
        { "report without files", "reports:\n  t:\n    base-directory: out", "reports.t: 'files' is required: globs of the report files, e.g. files: ['**/*.xml']" },
        { "artifacts without files", "artifacts:\n  secondary-artifacts:\n    a:\n      files: [x]", "artifacts: 'files' is required (CodeBuild requires artifacts.files even when only secondary artifacts are used), e.g. files: ['**/*']" },
        { "s3 prefix", "artifacts:\n  files: [x]\n  s3-prefix: p", "artifacts.s3-prefix: is not supported: artifacts go to the farm's content store, not to S3" },
        { "glob leaving", "artifacts:\n  files: [../x]", "artifacts.files[0]: '../x' contains '..'; globs may not leave the source directory" },
        { "batch without builds", "batch:\n  fast-fail: true", "batch: a batch needs one of build-list, build-graph, build-matrix or build-fanout" },
        { "misspelt phase", "phases:\n  buld:\n    commands: [make]", "phases.buld: unknown key 'buld' (did you mean 'build'?); the phases are install, pre_build, build and post_build" },
        { "unknown top key", "phase:\n  build:\n    commands: [make]", "phase: unknown key 'phase' (did you mean 'phases'?); known keys here: version, run-as, env, proxy, batch, phases, reports, artifacts, cache" },
        { "command read as a map", "phases:\n  build:\n    commands:\n      - echo a: b", "phases.build.commands[0]: expected a command, found a map: quote the command, since a ': ' inside it makes YAML read a map" },
        { "reserved variable", "env:\n  variables:\n    CODEBUILD_X: 1", "env.variables.CODEBUILD_X: 'CODEBUILD_X': the CODEBUILD_ prefix is reserved for the variables the build sets" },
        { "bad exported name", "env:\n  exported-variables: [my-var]", "env.exported-variables[0]: 'my-var' is not a shell variable name (letters, digits and '_', not starting with a digit)" },
        { "discard-paths not yes or no", "artifacts:\n  files: [x]\n  discard-paths: maybe", "artifacts.discard-paths: 'maybe' is not yes or no" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_what_it_cannot_honour_with_the_path_and_the_reason(string why, string yaml, string expected)
    {
        var text = "version: 0.2\n" + yaml + (yaml.Contains("phases:") ? "" : "\nphases:\n  build:\n    commands: [make]");
        var result = BuildspecParser.Parse(text);
        Assert.True(result.Problems.Select(p => p.ToString()).Contains(expected),
            $"{why}: expected '{expected}', got: {string.Join(" | ", result.Problems)}");
        Assert.Null(result.Buildspec);
    }

    [Fact]
    public void Needs_version_0_2_and_some_commands()
    {
        Assert.Equal(["version: the buildspec needs 'version: 0.2'", "phases: the buildspec runs no commands; give at least one phase with 'commands'"],
            BuildspecParser.Parse("env:\n  variables: {A: b}").Problems.Select(p => p.ToString()));
        Assert.Equal(["version: version 0.1 (each command in its own shell) is not supported; BuildFarm runs version 0.2"],
            BuildspecParser.Parse("version: 0.1\nphases:\n  build:\n    commands: [make]").Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Reports_a_YAML_syntax_error_with_its_position()
    {
        var problem = Assert.Single(BuildspecParser.Parse("version: 0.2\nphases: [unclosed").Problems);
        Assert.StartsWith("line ", problem.Message);
        Assert.Contains("YAML syntax error", problem.Message);
    }
}
