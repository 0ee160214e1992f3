using Spectre.Console;
using Spectre.Console.Rendering;

namespace BuildFarm.Cli.Rendering;

/// <summary>
/// Standard output and error. Lines are written whole (never re-wrapped, so CI logs and scripts see them intact),
/// coloured only where the stream is a terminal; tables go through Spectre.Console.
/// </summary>
public sealed class Terminal
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly AnsiMarkup _outMarkup;
    private readonly AnsiMarkup _errorMarkup;
    private readonly IAnsiConsole _tables;
    private readonly StringWriter? _tableText;
    // Agent output arrives on other threads; a styled line is several writes that must not interleave.
    private readonly Lock _gate = new();
    // Log chunks may split a UTF-8 character; the decoder carries the rest over.
    private readonly System.Text.Decoder _decoder = System.Text.Encoding.UTF8.GetDecoder();

    public Terminal(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal, int width)
    {
        _out = output;
        _error = error;
        _outMarkup = new AnsiMarkup(Writer(output, outputIsTerminal));
        _errorMarkup = new AnsiMarkup(Writer(error, errorIsTerminal));
        // Off a terminal, tables are rendered to text first so that the padding at line ends can be dropped.
        _tableText = outputIsTerminal ? null : new StringWriter();
        _tables = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = outputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = outputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_tableText ?? output),
        });
        _tables.Profile.Width = width;
    }

    public static Terminal ForConsole()
    {
        var outputIsTerminal = !Console.IsOutputRedirected;
        // Redirected output has no width: keep table rows on one line each.
        var width = outputIsTerminal ? WindowWidth() ?? 120 : 4096;
        return new Terminal(Console.Out, Console.Error, outputIsTerminal, !Console.IsErrorRedirected, width);
    }

    public TextWriter OutputWriter => _out;
    public TextWriter ErrorWriter => _error;

    /// <summary>Plain text to standard output, as is.</summary>
    public void Line(string text = "")
    {
        lock (_gate) _out.WriteLine(text);
    }

    /// <summary>Spectre markup (<c>[green]ok[/]</c>) to standard output; use <see cref="Escape"/> for data.</summary>
    public void Markup(string markup)
    {
        lock (_gate) _outMarkup.WriteLine(markup);
    }

    /// <summary>Spectre markup to standard error (progress notes, problems, errors).</summary>
    public void ErrorMarkup(string markup)
    {
        lock (_gate)
        {
            _out.Flush();
            _errorMarkup.WriteLine(markup);
        }
    }

    public void Write(IRenderable renderable)
    {
        lock (_gate)
        {
            _tables.Write(renderable);
            if (_tableText is null) return;
            var text = _tableText.ToString();
            if (text.Length > 0)
                foreach (var line in text.TrimEnd('\n').Split('\n')) _out.WriteLine(line.TrimEnd());
            _tableText.GetStringBuilder().Clear();
        }
    }

    /// <summary>Raw bytes to standard output (logs), after whatever text is pending.</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _out.FlushAsync(cancellationToken);
        if (_out == Console.Out)
        {
            await RawStandardOutput.Value.WriteAsync(bytes, cancellationToken);
            await RawStandardOutput.Value.FlushAsync(cancellationToken);
        }
        else
        {
            var text = new char[_decoder.GetCharCount(bytes.Span, flush: false)];
            var count = _decoder.GetChars(bytes.Span, text, flush: false);
            await _out.WriteAsync(text.AsMemory(0, count), cancellationToken);
        }
    }

    private static int? WindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string Escape(string text) => AnsiMarkup.Escape(text);

    private static readonly Lazy<Stream> RawStandardOutput = new(Console.OpenStandardOutput);

    private static AnsiWriter Writer(TextWriter writer, bool isTerminal) =>
        new(writer, AnsiCapabilities.Create(writer, new AnsiWriterSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        }));
}
