using System.Xml.Linq;

namespace BuildFarm.Core.Reports;

/// <summary>NUnit 3's TestResult.xml: <c>test-run</c>, nested <c>test-suite</c>s, and <c>test-case</c>s with a <c>result</c>.</summary>
internal static class NUnit3XmlReport
{
    public static IReadOnlyList<TestCase> Read(XDocument document)
    {
        var root = document.Root!;
        if (root.Name.LocalName is not ("test-run" or "test-suite"))
            throw new TestReportException($"the root element is <{root.Name.LocalName}>; an NUnit 3 report starts with <test-run>");
        return root.Descendants("test-case").Select(Case).ToList();
    }

    private static TestCase Case(XElement testcase)
    {
        var status = Status(TestReportParser.Attribute(testcase, "result"), TestReportParser.Attribute(testcase, "label"));
        var detail = testcase.Element("failure") ?? testcase.Element("reason");
        return new TestCase
        {
            Suite = TestReportParser.Attribute(testcase, "classname")
                    ?? testcase.Ancestors("test-suite").FirstOrDefault()?.Attribute("fullname")?.Value ?? "",
            Name = TestReportParser.Attribute(testcase, "name") ?? "(unnamed)",
            Status = status,
            Duration = TestReportParser.Seconds(TestReportParser.Attribute(testcase, "duration")),
            Message = status == TestStatus.Passed || detail is null
                ? null
                : TestReportParser.Message(detail.Element("message")?.Value, detail.Element("stack-trace")?.Value),
        };
    }

    /// <summary>NUnit marks errors (exceptions) as Failed with label Error; Inconclusive and Warning did not pass or fail.</summary>
    private static TestStatus Status(string? result, string? label) => result switch
    {
        "Passed" => TestStatus.Passed,
        "Failed" when label is "Error" or "Cancelled" or "Invalid" => TestStatus.Error,
        "Failed" => TestStatus.Failed,
        "Skipped" or "Inconclusive" or "Warning" => TestStatus.Skipped,
        _ => throw new TestReportException($"test case result '{result}' is not an NUnit 3 result (Passed, Failed, Skipped, Inconclusive, Warning)"),
    };
}
