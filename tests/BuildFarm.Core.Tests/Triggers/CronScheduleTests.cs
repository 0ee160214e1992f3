using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Tests.Triggers;

public sealed class CronScheduleTests
{
    [Fact]
    public void The_newest_due_slot_fires_and_older_missed_ones_are_counted()
    {
        var schedule = CronSchedule.Parse("*/10 * * * *", "UTC");
        var since = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Null(schedule.Due(since, since.AddMinutes(9)));
        Assert.Equal(new DueSlot(since.AddMinutes(10), 0), schedule.Due(since, since.AddMinutes(10)));
        Assert.Equal(new DueSlot(since.AddMinutes(40), 3), schedule.Due(since, since.AddMinutes(45)));
        // A slot already fired is never due again.
        Assert.Null(schedule.Due(since.AddMinutes(40), since.AddMinutes(45)));
    }

    [Fact]
    public void Six_fields_count_seconds()
    {
        var schedule = CronSchedule.Parse("*/2 * * * * *", "UTC");
        var at = new DateTimeOffset(2025, 3, 1, 12, 0, 1, TimeSpan.Zero);
        Assert.Equal(at.AddSeconds(1), schedule.Next(at));
    }

    [Fact]
    public void Slots_follow_the_time_zone_across_daylight_saving()
    {
        var schedule = CronSchedule.Parse("0 9 * * *", "Europe/Berlin");
        var winter = schedule.Next(new DateTimeOffset(2025, 3, 29, 0, 0, 0, TimeSpan.Zero));
        var summer = schedule.Next(winter!.Value);
        Assert.Equal(new DateTimeOffset(2025, 3, 29, 8, 0, 0, TimeSpan.Zero), winter);
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 7, 0, 0, TimeSpan.Zero), summer);
    }

    [Theory]
    [InlineData("* * *", "UTC", "'* * *' has 3 fields; write 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)", null)]
    [InlineData("61 * * * *", "UTC", "'61 * * * *' is not a valid cron expression", null)]
    [InlineData("0 * * * *", "Mars/Olympus", null, "unknown time zone 'Mars/Olympus'; use an IANA name such as UTC, Europe/Berlin or America/New_York")]
    public void Bad_expressions_and_zones_are_reported(string cron, string zone, string? cronProblem, string? zoneProblem)
    {
        var (schedule, cronFound, zoneFound) = CronSchedule.TryParse(cron, zone);
        Assert.Null(schedule);
        if (cronProblem is null) Assert.Null(cronFound);
        else Assert.StartsWith(cronProblem, cronFound);
        Assert.Equal(zoneProblem, zoneFound);
    }
}
