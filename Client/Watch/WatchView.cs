using System.Globalization;
using OrleansGov.Client.Results;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OrleansGov.Client.Watch;

/// <summary>
/// What <c>orleansgov watch</c> shows: the run's status and, for the nation and each province, the
/// key metrics of the latest tick with their change since the previous one. Aggregates only.
/// </summary>
public sealed class WatchView(string runId)
{
    private static readonly (string Title, Func<ScopeMetrics, double> Value)[] Columns =
    [
        ("adoption", m => m.CloudAdoption),
        ("share in", m => m.ShareWithinRate),
        ("region", m => m.ShareRegionRate),
        ("province", m => m.ShareProvinceRate),
        ("fragm.", m => m.Fragmentation),
        ("attention", m => m.LeaderAttention),
        ("compliance", m => m.DirectiveCompliance),
        ("service", m => m.ServiceQuality),
        ("satisf.", m => m.CitizenSatisfaction),
    ];

    private ScopeMetrics[]? _latest, _previous;

    public RunInfo? Info { get; set; }

    public int TicksSeen { get; private set; }

    public void Add(ScopeMetrics[] rows)
    {
        _previous = _latest;
        _latest = rows;
        TicksSeen = rows.Length > 0 ? rows[0].Tick + 1 : TicksSeen;
    }

    /// <summary>The live table.</summary>
    public IRenderable Render()
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(Headline()));
        table.AddColumn("scope");
        foreach (var (title, _) in Columns)
        {
            table.AddColumn(new TableColumn(title).RightAligned());
        }
        foreach (var row in _latest ?? [])
        {
            var before = _previous?.FirstOrDefault(p => p.Scope == row.Scope);
            var cells = new List<IRenderable> { new Markup(row.Scope == "nation" ? "[bold]nation[/]" : Markup.Escape(row.Scope)) };
            cells.AddRange(Columns.Select(c => (IRenderable)new Markup(Cell(c.Value(row), before is null ? double.NaN : c.Value(before)))));
            table.AddRow(cells);
        }
        return table;
    }

    /// <summary>One plain line per tick, for redirected output.</summary>
    public string Line()
    {
        var nation = _latest?.FirstOrDefault(r => r.Scope == "nation");
        if (nation is null)
        {
            return Headline();
        }
        return Headline() + "  " + string.Join("  ", Columns.Select(c => $"{c.Title.Replace(' ', '_').TrimEnd('.')}={MetricsCsv.Format(Math.Round(c.Value(nation), 4))}"));
    }

    public string Headline()
    {
        string status = Info is null ? "?" : Info.Status.ToString().ToLowerInvariant();
        int total = Info?.TotalTicks ?? 0;
        string text = $"run {runId}: {status}, tick {TicksSeen}/{total}";
        return Info?.Error is { } error ? $"{text} ({error})" : text;
    }

    private static string Cell(double value, double before)
    {
        if (double.IsNaN(value))
        {
            return "[grey]–[/]";
        }
        string text = value.ToString("0.000", CultureInfo.InvariantCulture);
        if (double.IsNaN(before) || Math.Abs(value - before) < 0.0005)
        {
            return text;
        }
        return value > before ? $"[green]{text}▲[/]" : $"[red]{text}▼[/]";
    }
}
