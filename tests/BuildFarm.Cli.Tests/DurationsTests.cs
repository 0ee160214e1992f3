using BuildFarm.Cli.Rendering;
using Google.Protobuf.WellKnownTypes;

namespace BuildFarm.Cli.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(850, "850ms")]
    [InlineData(1_000, "1.0s")]
    [InlineData(1_249, "1.2s")]
    [InlineData(59_990, "59.9s")]
    [InlineData(60_000, "1m00s")]
    [InlineData(125_000, "2m05s")]
    [InlineData(3_599_000, "59m59s")]
    [InlineData(3_720_000, "1h02m")]
    [InlineData(-5, "0ms")]
    public void Durations_have_one_short_form_per_range(int milliseconds, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Between_is_empty_when_either_end_is_missing()
    {
        var start = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal("", Durations.Between(start, null));
        Assert.Equal("", Durations.Between(null, start));
        Assert.Equal("1.5s", Durations.Between(start, Timestamp.FromDateTimeOffset(start.ToDateTimeOffset().AddMilliseconds(1500))));
    }
}
