using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BuildFarm.Core.Definitions.Documents;

/// <summary>Emits YAML block style; quotes a string only where a plain scalar would read back as something else.</summary>
internal sealed class YamlDocumentWriter(IEmitter emitter) : IDocumentWriter
{
    public static string Write(PipelineDefinition definition)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text, EmitterSettings.Default.WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        new DefinitionWriter(new YamlDocumentWriter(emitter), canonical: false).Pipeline(definition);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    public void BeginMap() => emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
    public void EndMap() => emitter.Emit(new MappingEnd());
    public void Key(string name) => Scalar(name, ScalarStyle.Plain);
    public void BeginList() => emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
    public void EndList() => emitter.Emit(new SequenceEnd());

    public void String(string? value)
    {
        if (value is null) Scalar("null", ScalarStyle.Plain);
        else if (YamlScalars.NeedsQuotes(value)) Scalar(value, ScalarStyle.DoubleQuoted);
        else if (value.Contains('\n')) Scalar(value, ScalarStyle.Literal);
        else Scalar(value, ScalarStyle.Any);
    }

    public void Integer(int value) => Scalar(value.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain);
    public void Boolean(bool value) => Scalar(value ? "true" : "false", ScalarStyle.Plain);

    private void Scalar(string value, ScalarStyle style) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, isPlainImplicit: true, isQuotedImplicit: true));
}
