using System.Globalization;
using CsvHelper;
using OrleansGov.Metrics;

namespace OrleansGov.Client.Results;

/// <summary>
/// <c>metrics.csv</c>: one row per tick and scope; invariant culture, "R" round-trip doubles, NaN as an
/// empty cell, LF line endings, no BOM. Only the metrics go in, so equal runs give byte-identical files.
/// </summary>
public static class MetricsCsv
{
    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\n",
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = false,
    };

    public static void Write(Stream stream, IEnumerable<ScopeMetrics> rows)
    {
        using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        csv.WriteHeader([.. MetricColumns.Header]);
        foreach (var row in rows)
        {
            csv.WriteField(row.Tick.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.Scope);
            foreach (var column in MetricColumns.All)
            {
                csv.WriteField(column.IsCount ? column.Count(row).ToString(CultureInfo.InvariantCulture) : Format(column.Value(row)));
            }
            csv.EndRecord();
        }
        csv.Flush();
    }

    public static string Format(double value) =>
        double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
