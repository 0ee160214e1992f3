using BuildFarm.Core.Executions.Conditions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class DeploymentWindowTests
{
    private static DeploymentWindow Window(string cron, string? zone = null)
    {
        var window = DeploymentWindow.Parse(cron, zone, out var problem);
        Assert.True(window is not null, problem);
        return window!;
    }

    // 2025-01-06 is a Monday.
    private static DateTimeOffset Utc(int day, int hour, int minute, int second = 0) => new(2025, 1, day, hour, minute, second, TimeSpan.Zero);

    [Theory]
    [InlineData(6, 9, 0, true)]
    [InlineData(6, 16, 59, true)]
    [InlineData(6, 17, 0, false)]
    [InlineData(6, 8, 59, false)]
    [InlineData(10, 12, 0, true)]   // Friday
    [InlineData(11, 12, 0, false)]  // Saturday
    public void CodePipelines_six_fields_with_day_names_open_the_whole_matched_minutes(int day, int hour, int minute, bool open)
    {
        var window = Window("* * 9-16 ? * MON-FRI *");
        Assert.Equal(open, window.IsOpen(Utc(day, hour, minute, 59)));
    }

    [Fact]
    public void CodePipelines_day_numbers_count_from_Sunday()
    {
        // 2 = Monday in CodePipeline (Quartz); 6L = the last Friday of the month; 6#2 = the second Friday.
        Assert.True(Window("* * * ? * 2").IsOpen(Utc(6, 10, 0)));
        Assert.False(Window("* * * ? * 2").IsOpen(Utc(7, 10, 0)));
        Assert.True(Window("* * * ? * 6L").IsOpen(Utc(31, 10, 0)));
        Assert.False(Window("* * * ? * 6L").IsOpen(Utc(24, 10, 0)));
        Assert.True(Window("* * * ? * 6#2").IsOpen(Utc(10, 10, 0)));
        Assert.True(Window("* * * ? * 1").IsOpen(Utc(5, 10, 0)));
    }

    [Fact]
    public void Standard_five_fields_count_days_from_Monday_as_1_and_the_time_zone_applies()
    {
        var window = Window("0-29 9 * * 1", "America/New_York");
        Assert.True(window.IsOpen(Utc(6, 14, 15)));   // 09:15 in New York (UTC-5)
        Assert.False(window.IsOpen(Utc(6, 9, 15)));
        Assert.Equal(Utc(13, 14, 0), window.NextOpening(Utc(6, 15, 0)));
        Assert.Equal("Mon 2025-01-06 09:15 America/New_York", window.Describe(Utc(6, 14, 15)));
    }

    [Fact]
    public void The_year_field_limits_the_window()
    {
        var window = Window("* * * * * ? 2026");
        Assert.False(window.IsOpen(Utc(6, 10, 0)));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), window.NextOpening(Utc(6, 10, 0)));
        Assert.Null(Window("* * * * * ? 2020-2024").NextOpening(Utc(6, 10, 0)));
    }

    [Theory]
    [InlineData("* * *", null, "'* * *' has 3 field(s); write CodePipeline's 6")]
    [InlineData("0 * * ? * *", null, "the seconds field is '0'; it must be '*'")]
    [InlineData("* 99 * ? * *", null, "'* 99 * ? * *' is not a valid cron expression")]
    [InlineData("* * * ? * * 1800", null, "the year field '1800' is not valid")]
    [InlineData("* * * ? * *", "Mars/Olympus", "unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/Berlin")]
    public void A_bad_expression_or_zone_is_explained(string cron, string? zone, string expected)
    {
        Assert.Null(DeploymentWindow.Parse(cron, zone, out var problem));
        Assert.StartsWith(expected, problem);
    }

    [Fact]
    public void The_server_rule_says_when_the_window_next_opens()
    {
        var verdict = ServerRules.Evaluate("DeploymentWindow", new Dictionary<string, string> { ["Cron"] = "* * 9-16 ? * MON-FRI *" }, Utc(11, 12, 0));
        Assert.False(verdict.Passed);
        Assert.Equal("outside the deployment window '* * 9-16 ? * MON-FRI *' (Sat 2025-01-11 12:00 UTC); it next opens Mon 2025-01-13 09:00 UTC", verdict.Message);
    }
}
