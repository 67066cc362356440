using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace OrleansGov.Client.Bench;

/// <summary>Prints the bench table and writes it as JSON (field names documented in docs/PERFORMANCE.md).</summary>
public static class BenchOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Columns the full table needs (17 columns with tick 0, the later rate and allocations).</summary>
    private const int TableWidth = 230;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Print(IAnsiConsole console, BenchReport report)
    {
        if (Console.IsOutputRedirected && console.Profile.Width < TableWidth)
        {
            console.Profile.Width = TableWidth; // a file gets the whole table on one line per row, unwrapped
        }
        var m = report.Machine;
        console.WriteLine($"machine: {m.Cpu}, {m.Cores} cores, {m.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GB; {m.Os}; {m.Runtime}; {m.Gc} GC");
        console.WriteLine($"load average at start {m.LoadAverageAtStart}, at end {m.LoadAverageAtEnd} (other processes on the machine compete for its {m.Cores} cores)");
        if (report.CeilingCallsPerSecond is { } ceiling)
        {
            console.WriteLine($"runtime ceiling: {ceiling.ToString("N0", Inv)} no-op grain calls/s");
            console.WriteLine($"  ({report.CeilingMethod})");
        }
        else if (report.Results.Any(r => r.Engine == "orleans"))
        {
            console.WriteLine($"runtime ceiling: {report.CeilingMethod}");
        }
        else
        {
            console.WriteLine("runtime ceiling: not measured (the Orleans engine was not benched)");
        }
        if (report.WarmUps.Count > 0)
        {
            console.WriteLine("warm-up, not measured: " + string.Join(", ", report.WarmUps.Select(w =>
                $"{w.Engine} {w.WallSeconds.ToString("0.00", Inv)} s ({w.Scenario}, {w.Ticks} ticks, {w.Status})"))
                + " — the sizes below ran in a warm process");
        }
        var table = new Table().Border(TableBorder.Simple);
        string[] headers = ["size", "engine", "agents", "ticks", "wall s", "cpu s", "agent-ticks/s", "msgs/s", "calls/a-t",
            "tick med ms", "tick max ms", "tick 0 ms", "later a-t/s", "peak MB", "B/agent", "alloc B/a-t", "×ceil", "status"];
        foreach (var h in headers)
        {
            table.AddColumn(new TableColumn(h) { Alignment = h is "size" or "engine" or "status" ? Justify.Left : Justify.Right });
        }
        foreach (var r in report.Results)
        {
            table.AddRow(
                r.Size, r.Engine,
                r.Agents.ToString("N0", Inv),
                r.Ticks.ToString(Inv),
                r.WallSeconds.ToString("0.00", Inv),
                r.CpuSeconds.ToString("0.00", Inv),
                r.AgentTicksPerSecond.ToString("N0", Inv),
                r.MessagesPerSecond.ToString("N0", Inv),
                r.GrainCallsPerAgentTick?.ToString("0.000", Inv) ?? "-",
                r.TickMedianMs.ToString("0.0", Inv),
                r.TickMaxMs.ToString("0.0", Inv),
                r.Tick0Ms.ToString("0.0", Inv),
                r.SteadyAgentTicksPerSecond?.ToString("N0", Inv) ?? "-",
                (r.PeakWorkingSetBytes / (1024.0 * 1024)).ToString("N0", Inv),
                r.BytesPerAgent.ToString("N0", Inv),
                r.AllocatedBytesPerAgentTick.ToString("N0", Inv),
                r.CeilingRatio?.ToString("0.00", Inv) ?? "-",
                Markup.Escape(r.Status));
        }
        console.Write(table);
        PrintTickTimes(console, report.Results);
        foreach (var c in report.Comparisons)
        {
            console.WriteLine(c.MetricsIdentical
                ? $"{c.Size}: reference and orleans metrics identical ({c.RowsCompared} rows)"
                : $"{c.Size}: METRICS DIFFER after {c.RowsCompared} rows: {c.FirstDifference}");
        }
        foreach (var r in report.Results.Where(r => r.Error is not null))
        {
            console.WriteLine($"{r.Size} {r.Engine}: {r.Error}");
        }
    }

    /// <summary>
    /// The tick times after tick 0 and the collections in them, one row per run; then each run's time
    /// budget and slowest ticks with their collections (gen 0/1/2 counts and pause).
    /// </summary>
    private static void PrintTickTimes(IAnsiConsole console, IReadOnlyList<EngineResult> results)
    {
        var runs = results.Where(r => r.TickTimes is not null).ToArray();
        if (runs.Length == 0)
        {
            return;
        }
        var table = new Table().Border(TableBorder.Simple).Title("ticks after tick 0 (nearest-rank percentiles) and the collections in them");
        foreach (var h in new[] { "size", "engine", "ticks", "med ms", "p90 ms", "p99 ms", "max ms", "gen 0", "gen 1", "gen 2", "pause ms", "tick 0: gen 0/1/2, pause ms" })
        {
            table.AddColumn(new TableColumn(h) { Alignment = h is "size" or "engine" ? Justify.Left : Justify.Right });
        }
        foreach (var r in runs)
        {
            var t = r.TickTimes!;
            table.AddRow(r.Size, r.Engine, t.Ticks.ToString(Inv), t.MedianMs.ToString("0.0", Inv), t.P90Ms.ToString("0.0", Inv),
                t.P99Ms.ToString("0.0", Inv), t.MaxMs.ToString("0.0", Inv), t.Gen0.ToString(Inv), t.Gen1.ToString(Inv), t.Gen2.ToString(Inv),
                t.PauseMs.ToString("0.0", Inv), t.Tick0 is { } z ? Collections(z) : "-");
        }
        console.Write(table);
        foreach (var r in runs)
        {
            var t = r.TickTimes!;
            var b = t.Budget;
            console.WriteLine($"{r.Size} {r.Engine}: time {Ms(b.Tick0Ms)} tick 0, {Ms(b.EarlyTicksMs)} ticks 1-{b.EarlyTicks}, "
                + $"{Ms(b.Gen2TicksMs)} in {b.Gen2Ticks} later ticks with a gen 2 collection, {Ms(b.SteadyTicksMs)} in {b.SteadyTicks} other ticks, {Ms(b.OutsideTicksMs)} outside ticks");
            console.WriteLine($"  slowest: {string.Join("; ", t.Slowest.Select(s => $"tick {s.Tick} {s.Ms.ToString("0.0", Inv)} ms ({Collections(s)})"))}");
        }
    }

    private static string Collections(TickGc t) => $"{t.Gen0}/{t.Gen1}/{t.Gen2}, {t.PauseMs.ToString("0.0", Inv)}";

    private static string Ms(double ms) => (ms / 1000).ToString("0.00", Inv) + " s";

    public static void WriteJson(string path, BenchReport report)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, ToJson(report) + "\n");
    }

    /// <summary>The report as the JSON that <c>--json</c> writes.</summary>
    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, Json);
}
