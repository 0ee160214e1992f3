using Cronos;

namespace BuildFarm.Core.Triggers;

/// <summary>What is due at a moment: the newest slot not yet fired (older missed ones are counted, not fired).</summary>
public sealed record DueSlot(DateTimeOffset Slot, int Missed);

/// <summary>
/// A cron expression in a time zone (Cronos: 5 fields, or 6 with seconds first), and which slot is due. A slot is
/// identified by its time; the caller keeps the last one fired so that no slot fires twice.
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression expression;
    private readonly TimeZoneInfo zone;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        this.expression = expression;
        this.zone = zone;
    }

    /// <summary>Null when the expression and zone are fine, otherwise what is wrong, as a validator reports it.</summary>
    public static (CronSchedule? Schedule, string? CronProblem, string? ZoneProblem) TryParse(string cron, string timeZone)
    {
        CronExpression? expression = null;
        string? cronProblem = null;
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
            cronProblem = $"'{cron}' has {fields} field{(fields == 1 ? "" : "s")}; write 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)";
        else
        {
            try
            {
                expression = CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                cronProblem = $"'{cron}' is not a valid cron expression: {e.Message}";
            }
        }
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : null;
        var zoneProblem = zone is null ? $"unknown time zone '{timeZone}'; use an IANA name such as UTC, Europe/Berlin or America/New_York" : null;
        return (expression is not null && zone is not null ? new CronSchedule(expression, zone) : null, cronProblem, zoneProblem);
    }

    public static CronSchedule Parse(string cron, string timeZone)
    {
        var (schedule, cronProblem, zoneProblem) = TryParse(cron, timeZone);
        return schedule ?? throw new ArgumentException(cronProblem ?? zoneProblem);
    }

    /// <summary>The first slot strictly after <paramref name="after"/>, or null when the expression has none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => expression.GetNextOccurrence(after, zone);

    /// <summary>
    /// The newest slot in (<paramref name="after"/>, <paramref name="now"/>], with how many older slots in that span
    /// were passed over (the farm was down, or the reminder came late); null when none is due.
    /// </summary>
    public DueSlot? Due(DateTimeOffset after, DateTimeOffset now)
    {
        DateTimeOffset? newest = null;
        var count = 0;
        foreach (var slot in expression.GetOccurrences(after, now, zone, fromInclusive: false, toInclusive: true))
        {
            newest = slot;
            count++;
        }
        return newest is { } due ? new DueSlot(due, count - 1) : null;
    }
}
