using System.Globalization;
using System.Text;

namespace OrleansGov.Client.Experiments;

/// <summary>CSV as the results files write it: comma, LF, UTF-8 without BOM, invariant "R" doubles, NaN as an empty cell.</summary>
internal sealed class CsvLineWriter(TextWriter writer)
{
    private readonly StringBuilder _line = new();

    public static StreamWriter Open(Stream stream) => new(stream, Results.AtomicFile.Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };

    public CsvLineWriter Text(string? value)
    {
        Separator();
        value ??= "";
        if (value.AsSpan().IndexOfAny(",\"\n\r") >= 0)
        {
            _line.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
        }
        else
        {
            _line.Append(value);
        }
        return this;
    }

    public CsvLineWriter Number(double value)
    {
        Separator();
        if (double.IsFinite(value))
        {
            _line.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        return this;
    }

    public CsvLineWriter Number(long value)
    {
        Separator();
        _line.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public CsvLineWriter Number(ulong value)
    {
        Separator();
        _line.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public void EndLine()
    {
        writer.Write(_line.Append('\n').ToString());
        _line.Clear();
        _started = false;
    }

    public void Header(IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            Text(name);
        }
        EndLine();
    }

    private bool _started;

    private void Separator()
    {
        if (_started)
        {
            _line.Append(',');
        }
        _started = true;
    }

    /// <summary>Reads a metrics.csv cell: empty is NaN.</summary>
    public static double Parse(string cell) =>
        cell.Length == 0 ? double.NaN : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
}
