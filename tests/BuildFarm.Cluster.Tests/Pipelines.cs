namespace BuildFarm.Cluster.Tests;

/// <summary>The pipelines the cluster tests run. Every action appends a line to {scratch}/ACTION.runs each time it runs.</summary>
public static class Pipelines
{
    /// <summary>
    /// Make/Seed (random bytes into artifact 'seed') → Fan: <paramref name="width"/> parallel actions, each checking
    /// the seed's bytes and writing its own artifact → Gather/Check: reads ten of them and checks their contents.
    /// </summary>
    public static string FanOut(string name, int width, string seedCommand = "head -c 200000 /dev/urandom > out/seed.bin", string fanCommand = "true")
    {
        var lines = new List<string>
        {
            $"name: {name}",
            "executionMode: PARALLEL",
            "stages:",
            "  - name: Make",
            "    actions:",
            "      - name: Seed",
            "        category: Build",
            "        provider: Commands",
            "        commands:",
            "          - echo run >> {scratch}/Seed.runs",
            "          - mkdir -p out",
            $"          - {seedCommand}",
            "          - sha256sum out/seed.bin | cut -d' ' -f1 > {scratch}/seed.sha256",
            "        outputArtifacts: [{ name: seed, files: [\"out/**\"] }]",
            "  - name: Fan",
            "    actions:",
        };
        for (var i = 1; i <= width; i++)
            lines.AddRange(
            [
                $"      - name: A{i}",
                "        category: Build",
                "        provider: Commands",
                "        inputArtifacts: [seed]",
                "        commands:",
                $"          - echo run >> {{scratch}}/A{i}.runs",
                "          - test \"$(sha256sum out/seed.bin | cut -d' ' -f1)\" = \"$(cat {scratch}/seed.sha256)\"",
                $"          - {fanCommand}",
                $"          - mkdir -p part && echo \"part {i} of $FARM_EXECUTION_ID\" > part/a{i}.txt && head -c {1000 + i} /dev/urandom > part/a{i}.bin",
                $"        outputArtifacts: [{{ name: part{i}, files: [\"part/**\"] }}]",
            ]);
        var gathered = Enumerable.Range(1, Math.Min(10, width)).ToList();
        lines.AddRange(
        [
            "  - name: Gather",
            "    actions:",
            "      - name: Check",
            "        category: Test",
            "        provider: Commands",
            $"        inputArtifacts: [{string.Join(", ", gathered.Select(i => $"part{i}"))}]",
            "        commands:",
            "          - echo run >> {scratch}/Check.runs",
        ]);
        lines.AddRange(gathered.Select(i => $"          - grep -q 'part {i} of' \"$FARM_INPUT_PART{i}/part/a{i}.txt\""));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>How many times the action ran (lines in its .runs file).</summary>
    public static int Runs(string scratch, string action)
    {
        var path = Path.Combine(scratch, action + ".runs");
        return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
    }
}
