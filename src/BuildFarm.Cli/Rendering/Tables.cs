using Spectre.Console;

namespace BuildFarm.Cli.Rendering;

/// <summary>Borderless tables with upper-case headers (the kubectl look: easy to read, to grep and to diff).</summary>
public static class Tables
{
    public static Table Create(params string[] headers)
    {
        var table = new Table { Border = TableBorder.None, ShowHeaders = true };
        foreach (var header in headers)
            table.AddColumn(new TableColumn($"[bold]{Terminal.Escape(header.ToUpperInvariant())}[/]") { Padding = new Padding(0, 0, 2, 0) });
        return table;
    }

    /// <summary>Adds a row of plain text cells (escaped here).</summary>
    public static Table Row(this Table table, params string[] cells)
    {
        table.AddRow(cells.Select(c => new Markup(Terminal.Escape(c))).ToArray());
        return table;
    }

    /// <summary>Adds a row of markup cells (the caller escapes data).</summary>
    public static Table MarkupRow(this Table table, params string[] cells)
    {
        table.AddRow(cells.Select(c => new Markup(c)).ToArray());
        return table;
    }

    /// <summary>Key-value lines (<c>Status:  Succeeded</c>) for the head of a detail view.</summary>
    public static Grid Fields(IEnumerable<(string Name, string Markup)> fields)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn { NoWrap = true, Padding = new Padding(0, 0, 2, 0) });
        grid.AddColumn();
        foreach (var (name, markup) in fields)
            grid.AddRow(new Markup($"[bold]{Terminal.Escape(name)}:[/]"), new Markup(markup));
        return grid;
    }
}
