namespace BuildFarm.EndToEnd.Tests;

public sealed class ArtifactTests
{
    [Fact]
    public async Task Downloaded_outputs_are_byte_identical_to_what_the_action_wrote()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        var file = farm.WritePipeline("bytes.yaml", """
            name: bytes
            stages:
              - name: Build
                actions:
                  - name: Make
                    category: Build
                    provider: Commands
                    commands:
                      - mkdir -p out/sub/deeper
                      - head -c 3000000 /dev/urandom > out/random.bin
                      - printf 'tiny' > out/sub/deeper/tiny.txt
                      - printf '#!/bin/sh\necho hi\n' > out/run.sh && chmod 755 out/run.sh
                      - touch out/empty
                      - cp -a out "{scratch}/written"
                    outputArtifacts:
                      - name: result
                        files: ["out/**"]
            """);
        var apply = await farm.CliAsync("pipeline", "apply", "-f", file);
        Assert.True(apply.ExitCode == 0, apply.Output);
        var started = await farm.CliAsync("start", "bytes", "--wait");
        Assert.True(started.ExitCode == 0, started.Output);
        var id = (await farm.CliAsync("executions", "list", "bytes", "--output", "json")).Output;
        var executionId = System.Text.RegularExpressions.Regex.Match(id, "ex-[0-9a-z]+").Value;

        var target = Path.Combine(farm.Scratch, "downloaded");
        var get = await farm.CliAsync("artifacts", "get", executionId, "result", "-o", target);
        Assert.True(get.ExitCode == 0, get.Output);

        var written = Path.Combine(farm.Scratch, "written");
        var expected = Directory.GetFiles(written, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(written, f)).Order().ToList();
        var actual = Directory.GetFiles(Path.Combine(target, "out"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Path.Combine(target, "out"), f)).Order().ToList();
        Assert.Equal(expected, actual);
        foreach (var path in expected)
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(written, path)), await File.ReadAllBytesAsync(Path.Combine(target, "out", path)));
        Assert.True(File.GetUnixFileMode(Path.Combine(target, "out", "run.sh")).HasFlag(UnixFileMode.UserExecute));
    }
}
