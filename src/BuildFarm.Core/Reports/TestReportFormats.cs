namespace BuildFarm.Core.Reports;

/// <summary>CodeBuild's report file formats: the test formats BuildFarm parses, and the ones it does not.</summary>
public static class TestReportFormats
{
    public const string JUnitXml = "JUNITXML";
    public const string NUnit3Xml = "NUNIT3XML";
    public const string VisualStudioTrx = "VISUALSTUDIOTRX";

    public static readonly IReadOnlyList<string> Supported = [JUnitXml, NUnit3Xml, VisualStudioTrx];

    /// <summary>Formats CodeBuild accepts that BuildFarm does not parse (yet).</summary>
    public static readonly IReadOnlyList<string> Unsupported =
        ["CUCUMBERJSON", "NUNITXML", "TESTNGXML", "CLOVERXML", "COBERTURAXML", "JACOCOXML", "SIMPLECOV"];
}
