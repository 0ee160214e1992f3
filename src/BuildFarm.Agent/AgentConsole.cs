using System.Globalization;

namespace BuildFarm.Agent;

/// <summary>The agent's own console: one line per event, so `farm up` users see what agents do.</summary>
internal sealed class AgentConsole(TextWriter writer, string agentName)
{
    private readonly Lock gate = new();

    public void Line(string text)
    {
        var line = $"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} agent {agentName}: {text}";
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
