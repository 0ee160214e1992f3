using System.Text.Json.Serialization;

namespace BuildFarm.Core.Reports;

[JsonConverter(typeof(JsonStringEnumConverter<TestStatus>))]
public enum TestStatus { Passed, Failed, Skipped, Error }

/// <summary>One test case as a report file states it.</summary>
public sealed record TestCase
{
    public string Suite { get; init; } = "";
    public required string Name { get; init; }
    public required TestStatus Status { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>The failure, error or skip message (with its details), when there is one.</summary>
    public string? Message { get; init; }
}

/// <summary>The test cases of one report group of one action attempt, from all of the group's files.</summary>
public sealed record TestReport
{
    public required string Group { get; init; }
    public required string Format { get; init; }
    public IReadOnlyList<TestCase> Cases { get; init; } = [];

    public TestCounts Counts() => TestCounts.Of(Cases);
}

/// <summary>How many cases ended how: small enough to keep in the execution state for every attempt.</summary>
public sealed record TestCounts(int Total, int Passed, int Failed, int Skipped, int Errors)
{
    public static TestCounts Of(IEnumerable<TestCase> cases)
    {
        int total = 0, passed = 0, failed = 0, skipped = 0, errors = 0;
        foreach (var c in cases)
        {
            total++;
            switch (c.Status)
            {
                case TestStatus.Passed: passed++; break;
                case TestStatus.Failed: failed++; break;
                case TestStatus.Skipped: skipped++; break;
                default: errors++; break;
            }
        }
        return new TestCounts(total, passed, failed, skipped, errors);
    }

    public override string ToString() =>
        $"{Total} tests: {Passed} passed, {Failed} failed" + (Errors > 0 ? $", {Errors} errors" : "") + (Skipped > 0 ? $", {Skipped} skipped" : "");
}
