using System.Xml.Linq;

namespace BuildFarm.Core.Reports;

/// <summary>
/// JUnit XML: <c>testsuites</c> or <c>testsuite</c> at the root (suites may nest), each <c>testcase</c> with an
/// optional <c>failure</c>, <c>error</c> or <c>skipped</c> child.
/// </summary>
internal static class JUnitXmlReport
{
    public static IReadOnlyList<TestCase> Read(XDocument document)
    {
        var root = document.Root!;
        if (root.Name.LocalName is not ("testsuites" or "testsuite" or "testcase"))
            throw new TestReportException($"the root element is <{root.Name.LocalName}>; a JUnit XML report starts with <testsuites> or <testsuite>");
        return root.DescendantsAndSelf().Where(e => e.Name.LocalName == "testcase").Select(Case).ToList();
    }

    private static TestCase Case(XElement testcase)
    {
        var suite = TestReportParser.Attribute(testcase, "classname")
                    ?? testcase.Ancestors().FirstOrDefault(a => a.Name.LocalName == "testsuite")?.Attribute("name")?.Value
                    ?? "";
        var (status, outcome) = Outcome(testcase);
        return new TestCase
        {
            Suite = suite,
            Name = TestReportParser.Attribute(testcase, "name") ?? "(unnamed)",
            Status = status,
            Duration = TestReportParser.Seconds(TestReportParser.Attribute(testcase, "time")),
            Message = outcome is null ? null : TestReportParser.Message(TestReportParser.Attribute(outcome, "message"), outcome.Value),
        };
    }

    private static (TestStatus, XElement?) Outcome(XElement testcase)
    {
        foreach (var child in testcase.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "failure": return (TestStatus.Failed, child);
                case "error": return (TestStatus.Error, child);
                case "skipped": return (TestStatus.Skipped, child);
            }
        }
        return (TestStatus.Passed, null);
    }
}
