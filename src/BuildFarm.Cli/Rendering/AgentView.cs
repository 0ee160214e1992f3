using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Rendering;

public static class AgentView
{
    public static void List(Terminal terminal, ListAgentsResponse response)
    {
        var table = Tables.Create("Name", "ID", "Labels", "Slots", "Status", "Last heartbeat", "Running jobs");
        foreach (var agent in response.Agents)
            table.MarkupRow(
                Terminal.Escape(agent.Name),
                Terminal.Escape(agent.AgentId),
                Terminal.Escape(string.Join(",", agent.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
                agent.Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
                StatusStyle.Markup(agent.Status),
                Terminal.Escape(Durations.Time(agent.LastHeartbeatAt)),
                Terminal.Escape(string.Join(", ", agent.RunningJobs)));
        terminal.Write(table);
        foreach (var waiting in response.Unmatched)
            terminal.Line($"waiting for an agent with {string.Join(",", waiting.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}" +
                          $" (pool {waiting.Pool}): {waiting.Jobs} job{(waiting.Jobs == 1 ? "" : "s")}, the oldest {waiting.OldestJobId} since {Durations.Time(waiting.Since)}; no online agent matches");
    }
}
