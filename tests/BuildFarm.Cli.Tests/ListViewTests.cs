using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Tests;

/// <summary>The list tables show what a reader picks rows by: an execution's type, an agent's labels.</summary>
public sealed class ListViewTests
{
    /// <summary>The cell under a column of a borderless table: the text at the header's position, up to the next space.</summary>
    private static string Cell(string output, string rowKey, string header)
    {
        var lines = output.Split('\n');
        var start = lines[0].IndexOf(header, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no column {header} in: {lines[0]}");
        var row = lines.Single(l => l.StartsWith(rowKey + " ", StringComparison.Ordinal));
        return row.Length <= start ? "" : row[start..].Split(' ')[0];
    }

    [Fact]
    public void Executions_list_has_a_type_column_with_Standard_for_executions_that_do_not_say()
    {
        var terminal = new TestTerminal();
        var response = new ListExecutionsResponse
        {
            Executions =
            {
                new ExecutionSummary { ExecutionId = "ex-2", Pipeline = "shop", PipelineVersion = 1, Type = "Rollback", Status = "Succeeded", Trigger = "rollback" },
                new ExecutionSummary { ExecutionId = "ex-1", Pipeline = "shop", PipelineVersion = 1, Type = "Standard", Status = "Failed", Trigger = "manual" },
                new ExecutionSummary { ExecutionId = "ex-0", Pipeline = "shop", PipelineVersion = 1, Status = "Succeeded", Trigger = "manual" },
            },
        };

        ExecutionView.List(terminal.Terminal, response);

        Assert.Matches(@"^EXECUTION +PIPELINE +VERSION +TYPE +STATUS ", terminal.Out);
        Assert.Equal("Rollback", Cell(terminal.Out, "ex-2", "TYPE"));
        Assert.Equal("Standard", Cell(terminal.Out, "ex-1", "TYPE"));
        Assert.Equal("Standard", Cell(terminal.Out, "ex-0", "TYPE"));
    }

    [Fact]
    public void Agents_list_shows_each_agents_labels_sorted_by_key()
    {
        var terminal = new TestTerminal();
        var response = new ListAgentsResponse
        {
            Agents =
            {
                new AgentInfo { Name = "linux-1", AgentId = "a-1", Slots = 4, Status = "Online", Labels = { ["os"] = "linux", ["arch"] = "x64" } },
                new AgentInfo { Name = "bare", AgentId = "a-2", Slots = 1, Status = "Lost" },
            },
        };

        AgentView.List(terminal.Terminal, response);

        Assert.Equal("arch=x64,os=linux", Cell(terminal.Out, "linux-1", "LABELS"));
        Assert.Equal("", Cell(terminal.Out, "bare", "LABELS"));
        Assert.Equal("1", Cell(terminal.Out, "bare", "SLOTS"));
    }
}
