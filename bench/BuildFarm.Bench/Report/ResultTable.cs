using System.Text;

namespace BuildFarm.Bench.Report;

/// <summary>The one table of a benchmark run, as Markdown (the console shows the same text).</summary>
public static class ResultTable
{
    private static readonly string[] Header = ["scenario", "profile", "measure", "farm", "baseline", "ratio", "target", "met"];

    public static string Render(IEnumerable<ResultRow> rows)
    {
        var lines = new List<string[]> { Header };
        lines.AddRange(rows.Select(r => new[]
        {
            r.Scenario, r.Profile, r.Measure, r.Farm, r.Baseline, r.Ratio, r.Target, r.Met switch { true => "yes", false => "NO", null => "" },
        }));
        var widths = Enumerable.Range(0, Header.Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append('|').AppendJoin('|', lines[i].Select((cell, c) => " " + cell.PadRight(widths[c]) + " ")).Append("|\n");
            if (i == 0) text.Append('|').AppendJoin('|', widths.Select(w => new string('-', w + 2))).Append("|\n");
        }
        return text.ToString();
    }

    /// <summary>The results file: how the run was made, then the table.</summary>
    public static string Document(string commandLine, DateTimeOffset when, string machine, string commit, IEnumerable<ResultRow> rows) =>
        $"""
        # Benchmark results

        Command: `{commandLine}`  
        When: {when:yyyy-MM-dd HH:mm} UTC · commit {commit} · {machine}

        {Render(rows)}
        """;
}
