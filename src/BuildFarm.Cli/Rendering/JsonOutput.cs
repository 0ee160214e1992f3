using Google.Protobuf;

namespace BuildFarm.Cli.Rendering;

/// <summary>Protobuf messages as one JSON document each (protobuf's JSON mapping, every field written out).</summary>
public static class JsonOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation());

    public static string Format(IMessage message) => Formatter.Format(message);

    public static void Print(Terminal terminal, IMessage message) => terminal.Line(Format(message));
}
