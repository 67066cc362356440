using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Outputs;
using OrleansGov.Scenarios;
using Parquet;
using Parquet.Schema;

namespace OrleansGov.Client.Results.Outputs;

/// <summary>
/// Writes one tick's rows of one declared output (a series scope or a snapshot kind) as one Parquet
/// file: one row group, columns fixed by the scenario (never by the rows), NaN written as null, and no
/// writer setting that varies (no timestamps; the created-by field names only the library's version),
/// so the same rows give the same bytes on every engine and machine.
/// </summary>
internal static class OutputTables
{
    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Snappy };

    /// <summary>Series rows: <c>tick, government, province, city, county</c>, then the metrics as declared (counts as int64).</summary>
    public static async Task WriteSeriesAsync(Stream stream, Scenario scenario, int tick, IReadOnlyList<SeriesRow> rows)
    {
        var metrics = scenario.Outputs.Series!.Metrics.Select(m => OutputCatalog.Metrics[m]).ToArray();
        var place = PlaceFields();
        var values = metrics.Select(m => m.IsCount ? (DataField)new DataField<long?>(m.Name) : new DataField<double?>(m.Name)).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. place, .. values]), stream, Options);
        using var group = writer.CreateRowGroup();
        await WritePlaceAsync(group, place, scenario, tick, rows.Select(r => r.Government).ToArray());
        for (int m = 0; m < metrics.Length; m++)
        {
            if (metrics[m].IsCount)
            {
                await group.WriteAsync(values[m], new ReadOnlyMemory<long?>([.. rows.Select(r => double.IsNaN(r.Values[m]) ? (long?)null : (long)r.Values[m])]));
            }
            else
            {
                await group.WriteAsync(values[m], Nullable(rows.Select(r => r.Values[m])));
            }
        }
    }

    /// <summary>Snapshot rows: <c>tick, agent, province, city, county, index</c> (and <c>department</c> for departments), then the kind's state columns.</summary>
    public static async Task WriteSnapshotAsync(Stream stream, Scenario scenario, AgentKind kind, int tick, IReadOnlyList<SnapshotRow> rows)
    {
        var columns = OutputCatalog.SnapshotColumns(kind);
        var place = PlaceFields();
        var index = new DataField<int>("index");
        var department = new DataField<string>("department");
        var values = columns.Select(c => new DataField<double?>(c)).ToArray();
        var ids = rows.Select(r => r.Agent).ToArray();
        Field[] fields = kind == AgentKind.Department ? [.. place, index, department, .. values] : [.. place, index, .. values];
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, Options);
        using var group = writer.CreateRowGroup();
        await WritePlaceAsync(group, place, scenario, tick, ids);
        await group.WriteAsync(index, new ReadOnlyMemory<int>([.. ids.Select(id => id.Index)]));
        if (kind == AgentKind.Department)
        {
            await group.WriteAsync(department, ids.Select(id => scenario.Departments[id.Index]).ToArray());
        }
        for (int c = 0; c < values.Length; c++)
        {
            await group.WriteAsync(values[c], Nullable(rows.Select(r => r.Values[c])));
        }
    }

    /// <summary><c>tick</c>, the id (as in the drill-down: <c>p0.c1.k2.dept.3</c>), the province's name, city and county numbers (null above them).</summary>
    private static DataField[] PlaceFields() =>
        [new DataField<int>("tick"), new DataField<string>("id"), new DataField<string>("province"), new DataField<int?>("city"), new DataField<int?>("county")];

    private static async Task WritePlaceAsync(ParquetRowGroupWriter group, DataField[] place, Scenario scenario, int tick, AgentId[] ids)
    {
        await group.WriteAsync(place[0], new ReadOnlyMemory<int>([.. ids.Select(_ => tick)]));
        await group.WriteAsync(place[1], ids.Select(id => id.ToString()).ToArray());
        await group.WriteAsync(place[2], ids.Select(id => scenario.Provinces[id.Province].Name).ToArray());
        await group.WriteAsync(place[3], new ReadOnlyMemory<int?>([.. ids.Select(id => id.City < 0 ? (int?)null : id.City)]));
        await group.WriteAsync(place[4], new ReadOnlyMemory<int?>([.. ids.Select(id => id.County < 0 ? (int?)null : id.County)]));
    }

    private static ReadOnlyMemory<double?> Nullable(IEnumerable<double> values) =>
        new([.. values.Select(v => double.IsNaN(v) ? (double?)null : v)]);
}
