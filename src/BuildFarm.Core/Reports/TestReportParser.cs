using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace BuildFarm.Core.Reports;

/// <summary>Reads one report file in a supported format into test cases.</summary>
public static class TestReportParser
{
    private static readonly XmlReaderSettings Safe = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    public static IReadOnlyList<TestCase> Parse(string format, Stream content)
    {
        var document = Load(content);
        return format switch
        {
            TestReportFormats.JUnitXml => JUnitXmlReport.Read(document),
            TestReportFormats.NUnit3Xml => NUnit3XmlReport.Read(document),
            TestReportFormats.VisualStudioTrx => TrxReport.Read(document),
            _ => throw new TestReportException($"file format '{format}' is not one BuildFarm reads ({string.Join(", ", TestReportFormats.Supported)})"),
        };
    }

    private static XDocument Load(Stream content)
    {
        try
        {
            using var reader = XmlReader.Create(content, Safe);
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new TestReportException($"not well-formed XML: {e.Message}");
        }
    }

    internal static string? Attribute(XElement element, string name) => element.Attribute(name)?.Value;

    /// <summary>Seconds as a decimal number ("0.25"), as JUnit and NUnit write durations; zero when absent or unreadable.</summary>
    internal static TimeSpan Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and < 1e9
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;

    /// <summary>A message and its details on separate lines, without empty parts.</summary>
    internal static string? Message(params string?[] parts)
    {
        var text = string.Join("\n", parts.Select(p => p?.Trim()).Where(p => !string.IsNullOrEmpty(p)).Distinct());
        return text.Length == 0 ? null : text;
    }
}
