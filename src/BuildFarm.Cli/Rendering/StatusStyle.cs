namespace BuildFarm.Cli.Rendering;

/// <summary>The colour of a status word (pipeline, stage, action and attempt statuses share one vocabulary).</summary>
public static class StatusStyle
{
    public static string Markup(string status) => $"[{Colour(status)}]{Terminal.Escape(status)}[/]";

    private static string Colour(string status) => status switch
    {
        "Succeeded" => "green",
        "Failed" or "Abandoned" => "red",
        "InProgress" or "Online" => "blue",
        "Queued" or "Waiting" or "Stopping" => "yellow",
        "Stopped" or "Cancelled" or "Superseded" or "Lost" => "darkorange",
        _ => "grey",
    };
}
