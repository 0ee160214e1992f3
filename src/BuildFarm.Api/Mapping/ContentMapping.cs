using BuildFarm.Core.Content;
using Google.Protobuf.WellKnownTypes;

namespace BuildFarm.Api.Mapping;

public static class ContentMapping
{
    public static V1.Digest ToProto(this Digest d) => new() { Hash = d.Hash, SizeBytes = d.SizeBytes };

    public static Digest ToCore(this V1.Digest d) => new(d.Hash, d.SizeBytes);

    public static Timestamp? ToProto(this DateTimeOffset? t) => t is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    public static Timestamp ToProto(this DateTimeOffset t) => Timestamp.FromDateTimeOffset(t);

    public static DateTimeOffset? ToCore(this Timestamp? t) => t?.ToDateTimeOffset();
}

public static class MapFieldExtensions
{
    /// <summary>Copies a read-only dictionary into a protobuf map (MapField.Add takes only IDictionary).</summary>
    public static void AddAll(this Google.Protobuf.Collections.MapField<string, string> map, IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (key, value) in values) map[key] = value;
    }
}
