using System.Globalization;
using CsvHelper;
using OrleansGov.Metrics;

namespace OrleansGov.Client.Results;

/// <summary>
/// <c>metrics.csv</c>: one row per tick and scope; invariant culture, "R" round-trip doubles, NaN as an
/// empty cell, LF line endings, no BOM. Only the metrics go in, so equal runs give byte-identical files.
/// When the scenario has a <c>start-date</c>, a last column <c>date</c> gives each tick's calendar date
/// (every other column keeps its place).
/// </summary>
public static class MetricsCsv
{
    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\n",
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = false,
    };

    /// <summary>The whole file: the header, then the rows (<see cref="Header"/> followed by <see cref="Rows"/>, byte for byte).</summary>
    public static void Write(Stream stream, IEnumerable<ScopeMetrics> rows, Scenarios.Scenario? scenario = null)
    {
        stream.Write(Header(scenario));
        stream.Write(Rows(rows, scenario));
    }

    /// <summary>The header line, as the file starts (with <c>date</c> last when the scenario has a calendar).</summary>
    public static byte[] Header(Scenarios.Scenario? scenario = null) =>
        Encode(csv => csv.WriteHeader(Dated(scenario) ? [.. MetricColumns.Header, "date"] : [.. MetricColumns.Header]));

    /// <summary>
    /// Rows as they follow the header (or earlier rows): a run streams each tick's rows with this, and
    /// the file it grows is a prefix of, and at the end equal to, <see cref="Write"/>'s.
    /// </summary>
    public static byte[] Rows(IEnumerable<ScopeMetrics> rows, Scenarios.Scenario? scenario = null) => Encode(csv =>
    {
        bool dated = Dated(scenario);
        foreach (var row in rows)
        {
            csv.WriteField(row.Tick.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.Scope);
            foreach (var column in MetricColumns.All)
            {
                csv.WriteField(column.IsCount ? column.Count(row).ToString(CultureInfo.InvariantCulture) : Format(column.Value(row)));
            }
            if (dated) csv.WriteField(scenario!.DateOf(row.Tick)!);
            csv.EndRecord();
        }
    });

    private static bool Dated(Scenarios.Scenario? scenario) => scenario?.StartDate is not null;

    private static byte[] Encode(Action<CsvWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            write(csv);
            csv.Flush();
        }
        return buffer.ToArray();
    }

    public static string Format(double value) =>
        double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
