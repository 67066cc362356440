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

    public static void Write(Stream stream, IEnumerable<ScopeMetrics> rows, Scenarios.Scenario? scenario = null)
    {
        using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        bool dated = scenario?.StartDate is not null;
        csv.WriteHeader(dated ? [.. MetricColumns.Header, "date"] : [.. MetricColumns.Header]);
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
        csv.Flush();
    }

    public static string Format(double value) =>
        double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
