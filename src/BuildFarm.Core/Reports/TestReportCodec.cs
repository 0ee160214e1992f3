using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildFarm.Core.Reports;

/// <summary>The full report as it is stored in the content store: UTF-8 JSON.</summary>
public static class TestReportCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Encode(TestReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Options);

    public static TestReport Decode(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<TestReport>(json, Options) ?? throw new TestReportException("the stored report is empty");
        }
        catch (JsonException e)
        {
            throw new TestReportException($"the stored report is not a test report: {e.Message}");
        }
    }
}
