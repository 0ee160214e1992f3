namespace BuildFarm.Core.Definitions;

/// <summary>
/// What starts a pipeline besides a manual start: CodePipeline V2's git trigger (<see cref="GitConfiguration"/>),
/// or one of the farm's own: a <see cref="Schedule"/> or an <see cref="Upstream"/> pipeline. Exactly one is set.
/// </summary>
public sealed record TriggerDefinition
{
    /// <summary>Optional; when given it names the kind: <c>Git</c>, <c>Schedule</c> or <c>Upstream</c>.</summary>
    public string? ProviderType { get; init; }
    public GitTriggerConfiguration? GitConfiguration { get; init; }
    public ScheduleTrigger? Schedule { get; init; }
    public UpstreamTrigger? Upstream { get; init; }

    public const string Git = "Git";
    public const string ScheduleType = "Schedule";
    public const string UpstreamType = "Upstream";

    /// <summary>The kind this trigger is, from the configuration it carries.</summary>
    public string Kind => GitConfiguration is not null ? Git : Schedule is not null ? ScheduleType : Upstream is not null ? UpstreamType : "";
}

/// <summary>Cron slots in a time zone. <c>skipIfRunning</c>: a slot whose previous scheduled run is still going is skipped (and recorded).</summary>
public sealed record ScheduleTrigger
{
    public required string Cron { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public bool SkipIfRunning { get; init; }
}

/// <summary>Starts this pipeline when an execution of <see cref="Pipeline"/> succeeds.</summary>
public sealed record UpstreamTrigger
{
    public required string Pipeline { get; init; }
}
