using System.Globalization;
using System.Xml.Linq;

namespace BuildFarm.Core.Reports;

/// <summary>Visual Studio's TRX (what <c>dotnet test --logger trx</c> writes): <c>UnitTestResult</c>s joined to their <c>UnitTest</c> definitions for the class name.</summary>
internal static class TrxReport
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static IReadOnlyList<TestCase> Read(XDocument document)
    {
        var root = document.Root!;
        if (root.Name != Ns + "TestRun")
            throw new TestReportException($"the root element is <{root.Name.LocalName}> (namespace '{root.Name.NamespaceName}'); a TRX report starts with <TestRun> in namespace '{Ns}'");
        var classes = root.Descendants(Ns + "UnitTest").ToDictionary(
            t => t.Attribute("id")?.Value ?? "",
            t => t.Element(Ns + "TestMethod")?.Attribute("className")?.Value ?? "");
        return root.Descendants(Ns + "UnitTestResult").Select(r => Case(r, classes)).ToList();
    }

    private static TestCase Case(XElement result, Dictionary<string, string> classes)
    {
        var status = Status(result.Attribute("outcome")?.Value);
        var error = result.Element(Ns + "Output")?.Element(Ns + "ErrorInfo");
        return new TestCase
        {
            Suite = classes.GetValueOrDefault(result.Attribute("testId")?.Value ?? "", ""),
            Name = result.Attribute("testName")?.Value ?? "(unnamed)",
            Status = status,
            Duration = TimeSpan.TryParse(result.Attribute("duration")?.Value, CultureInfo.InvariantCulture, out var d) ? d : TimeSpan.Zero,
            Message = error is null ? null : TestReportParser.Message(error.Element(Ns + "Message")?.Value, error.Element(Ns + "StackTrace")?.Value),
        };
    }

    private static TestStatus Status(string? outcome) => outcome switch
    {
        "Passed" or "PassedButRunAborted" => TestStatus.Passed,
        "Failed" => TestStatus.Failed,
        "Error" or "Aborted" or "Timeout" => TestStatus.Error,
        _ => TestStatus.Skipped, // NotExecuted, Inconclusive, Pending, NotRunnable, Disconnected, Warning, Completed, InProgress
    };
}
