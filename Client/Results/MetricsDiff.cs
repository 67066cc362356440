namespace OrleansGov.Client.Results;

/// <summary>Where two <c>metrics.csv</c> files first part: the row's tick and scope, the column, both cells.</summary>
public sealed record MetricsDifference(int Line, string? Tick, string? Scope, string Column, string? Original, string? Rerun);

/// <summary>
/// Compares two <c>metrics.csv</c> files byte for byte and, when they differ, says how: rows compared by
/// position (tick, scope), the first differing cell, and how many rows differ. <c>rerun</c>'s verdict.
/// </summary>
public sealed record MetricsDiff(bool Identical, int Rows, int DifferingRows, MetricsDifference? FirstDifference)
{
    /// <summary>One line for a person: how many rows differ and the first difference.</summary>
    public string Summary => FirstDifference is not { } first
        ? Identical ? "identical" : "the files differ only in bytes outside the rows (line endings or a trailing newline)"
        : $"{DifferingRows} of {Rows} rows differ; first at line {first.Line} (tick {first.Tick ?? "-"}, scope {first.Scope ?? "-"}), column {first.Column}: original {first.Original ?? "(missing)"}, rerun {first.Rerun ?? "(missing)"}";

    public static MetricsDiff Compare(string originalPath, string rerunPath)
    {
        byte[] a = File.ReadAllBytes(originalPath), b = File.ReadAllBytes(rerunPath);
        string[] left = Lines(a), right = Lines(b);
        int rows = Math.Max(left.Length, right.Length) - 1;
        if (a.AsSpan().SequenceEqual(b))
        {
            return new MetricsDiff(true, Math.Max(rows, 0), 0, null);
        }
        string[] header = left.Length > 0 ? left[0].Split(',') : [];
        MetricsDifference? first = null;
        int differing = 0;
        for (int i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            string? l = i < left.Length ? left[i] : null, r = i < right.Length ? right[i] : null;
            if (l == r) continue;
            if (i > 0) differing++;
            first ??= Describe(i, header, l, r);
        }
        return new MetricsDiff(false, Math.Max(rows, 0), differing, first);
    }

    private static string[] Lines(byte[] bytes)
    {
        string text = System.Text.Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static MetricsDifference Describe(int index, string[] header, string? original, string? rerun)
    {
        string[] l = original?.Split(',') ?? [], r = rerun?.Split(',') ?? [];
        if (index == 0)
        {
            return new MetricsDifference(1, null, null, "(header)", original, rerun);
        }
        var row = l.Length > 0 ? l : r;
        string? tick = row.Length > 0 ? row[0] : null, scope = row.Length > 1 ? row[1] : null;
        if (original is null || rerun is null)
        {
            return new MetricsDifference(index + 1, tick, scope, "(row)", original is null ? null : "present", rerun is null ? null : "present");
        }
        for (int c = 0; c < Math.Max(l.Length, r.Length); c++)
        {
            string? x = c < l.Length ? l[c] : null, y = c < r.Length ? r[c] : null;
            if (x != y)
            {
                return new MetricsDifference(index + 1, tick, scope, c < header.Length ? header[c] : $"#{c + 1}", x, y);
            }
        }
        return new MetricsDifference(index + 1, tick, scope, "(line)", original, rerun);
    }
}
