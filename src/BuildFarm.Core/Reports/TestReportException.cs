namespace BuildFarm.Core.Reports;

/// <summary>A report file that cannot be read as its format says.</summary>
public sealed class TestReportException(string message) : Exception(message);
