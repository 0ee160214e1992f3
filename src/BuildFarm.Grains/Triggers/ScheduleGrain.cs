using BuildFarm.Core.Triggers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Grains.Triggers;

[GenerateSerializer, Alias("schedule-state")]
public sealed class ScheduleState
{
    [Id(0)] public ScheduleConfiguration? Configuration { get; set; }
    /// <summary>Slots are counted from here (when this cron and zone were configured): none before it fires.</summary>
    [Id(1)] public DateTimeOffset Since { get; set; }
    [Id(2)] public DateTimeOffset? LastSlot { get; set; }
    /// <summary>A slot taken but not yet confirmed by the triggers grain: sent again until it is.</summary>
    [Id(3)] public DateTimeOffset? PendingSlot { get; set; }
    [Id(4)] public int PendingMissed { get; set; }
    [Id(5)] public DateTimeOffset? LastCheckAt { get; set; }
}

/// <summary>
/// Exactly once per slot: the slot is persisted as the last one fired (and as pending) before the triggers grain
/// hears of it, and sent again until that call succeeds; the triggers grain ignores a slot it has handled. Slots missed
/// while the farm was down fire once, as the newest, with the count of those passed over.
/// </summary>
public sealed class ScheduleGrain(
    [PersistentState("schedule", FarmGrainOptions.StorageName)] IPersistentState<ScheduleState> state,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<TriggerOptions> options,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    private const string Reminder = "schedule";
    private IGrainTimer? timer;

    private CronSchedule? Schedule =>
        state.State.Configuration is { } c ? CronSchedule.TryParse(c.Cron, c.TimeZone).Schedule : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Configuration is not null) await TickAsync();
    }

    public async Task ConfigureAsync(ScheduleConfiguration? configuration)
    {
        var current = state.State.Configuration;
        if (configuration is null)
        {
            if (current is null) return;
            await state.ClearStateAsync();
            timer?.Dispose();
            timer = null;
            if (await this.GetReminder(Reminder) is { } reminder) await this.UnregisterReminder(reminder);
            await grains.Get<ICatalogGrain>(CatalogKeys.Schedules).RemoveAsync(this.GetPrimaryKeyString());
            return;
        }
        if (current is null || current.Cron != configuration.Cron || current.TimeZone != configuration.TimeZone)
        {
            state.State.Since = time.GetUtcNow();
            state.State.LastSlot = null;
        }
        state.State.Configuration = configuration;
        await state.WriteStateAsync();
        await grains.Get<ICatalogGrain>(CatalogKeys.Schedules).AddAsync(this.GetPrimaryKeyString());
        await this.RegisterOrUpdateReminder(Reminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        await TickAsync();
    }

    public Task<ScheduleStatus> GetStatusAsync() => Task.FromResult(new ScheduleStatus
    {
        Active = state.State.Configuration is not null,
        LastSlot = state.State.LastSlot,
        NextSlot = Schedule?.Next(Max(state.State.LastSlot, time.GetUtcNow())),
        LastCheckAt = state.State.LastCheckAt,
    });

    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync();

    private async Task TickAsync()
    {
        if (state.State.Configuration is not { } configuration || Schedule is not { } schedule) return;
        var now = time.GetUtcNow();
        state.State.LastCheckAt = now;
        if (state.State.PendingSlot is null && schedule.Due(state.State.LastSlot ?? state.State.Since, now) is { } due)
        {
            state.State.LastSlot = due.Slot;
            state.State.PendingSlot = due.Slot;
            state.State.PendingMissed = due.Missed;
            await state.WriteStateAsync();
        }
        if (state.State.PendingSlot is { } pending)
        {
            try
            {
                await grains.Get<IPipelineTriggersGrain>(configuration.Pipeline).OnScheduleSlotAsync(configuration.Source, pending, state.State.PendingMissed);
                state.State.PendingSlot = null;
                await state.WriteStateAsync();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Schedule {Key}: slot {Slot} could not be handed over; it is sent again", this.GetPrimaryKeyString(), pending);
            }
        }
        ArmTimer(schedule, now);
    }

    /// <summary>A timer for the next slot (on time); the reminder is the durable fallback when the activation is gone.</summary>
    private void ArmTimer(CronSchedule schedule, DateTimeOffset now)
    {
        timer?.Dispose();
        timer = null;
        var next = state.State.PendingSlot is not null ? now + TimeSpan.FromSeconds(1) : schedule.Next(Max(state.State.LastSlot, now));
        if (next is not { } at) return;
        var due = at - time.GetUtcNow();
        timer = this.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions
        {
            DueTime = due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Period = Timeout.InfiniteTimeSpan,
            KeepAlive = true,
        });
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;
}
