using System.Security.Cryptography;
using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Outputs;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Results.Outputs;

/// <summary>
/// Writes a run's declared outputs into <c>outputs/</c> of its results folder as the ticks arrive: one
/// Parquet file per output and due tick (<c>outputs/county/tick-000012.parquet</c>,
/// <c>outputs/department/tick-000012.parquet</c>), each under a temporary name renamed into place, so
/// memory holds one tick's rows at most and a file that has its name is whole. <see cref="Close"/>
/// writes the index <c>outputs/outputs.json</c> (every file with its rows and SHA-256, and whether
/// every due tick is there) — a folder without it was not closed. Thread-safe; never throws from
/// <see cref="WriteAsync"/>: the first failure is kept, reported once, and makes the run failed.
/// </summary>
public sealed class OutputWriter
{
    public const string FolderName = "outputs";
    public const string IndexFile = "outputs/outputs.json";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RunFolder _folder;
    private readonly Scenario _scenario;
    private readonly int _firstTick;
    private readonly Action<string>? _onFailure;
    private readonly List<OutputFile> _files = [];
    private int _next;
    private string? _error;

    private OutputWriter(RunFolder folder, Scenario scenario, int firstTick, Action<string>? onFailure)
    {
        _folder = folder;
        _scenario = scenario;
        _firstTick = _next = firstTick;
        _onFailure = onFailure;
    }

    /// <summary>A writer for <paramref name="scenario"/>'s declared outputs from <paramref name="firstTick"/> on (a fork's checkpoint tick), or null when it declares none.</summary>
    public static OutputWriter? For(RunFolder folder, Scenario scenario, int firstTick, Action<string>? onFailure = null)
    {
        if (scenario.Outputs.IsEmpty) return null;
        Directory.CreateDirectory(folder.File(FolderName));
        return new OutputWriter(folder, scenario, firstTick, onFailure);
    }

    /// <summary>The first write that failed, or null.</summary>
    public string? Error => _error;

    /// <summary>Writes one tick's outputs (ticks come in order; one already written, or after a failure, is ignored).</summary>
    public async Task WriteAsync(TickOutputs outputs)
    {
        await _gate.WaitAsync();
        try
        {
            if (_error is not null || outputs.Tick < _next) return;
            var spec = _scenario.Outputs;
            if (spec.Series is { } series && OutputSpec.IsDue(outputs.Tick, series.Every))
            {
                foreach (var scope in series.Scopes)
                {
                    var level = OutputCatalog.Scopes[scope];
                    var rows = outputs.Series.Where(r => r.Government.Level == level).ToArray();
                    await WriteFileAsync(scope, outputs.Tick, rows.Length, s => OutputTables.WriteSeriesAsync(s, _scenario, outputs.Tick, rows));
                }
            }
            if (spec.Snapshots is { } snapshots && OutputSpec.IsDue(outputs.Tick, snapshots.Every))
            {
                foreach (var name in snapshots.Kinds)
                {
                    var kind = OutputCatalog.Kinds[name];
                    var rows = outputs.Snapshots.Where(r => r.Agent.Kind == kind).ToArray();
                    await WriteFileAsync(name, outputs.Tick, rows.Length, s => OutputTables.WriteSnapshotAsync(s, _scenario, kind, outputs.Tick, rows));
                }
            }
            _next = outputs.Tick + 1;
        }
        catch (Exception e) when (RunWriter.IsWriteFailure(e))
        {
            _error = "writing outputs failed: " + e.Message;
            if (_onFailure is { } notify)
            {
                string error = _error;
                ThreadPool.QueueUserWorkItem(_ => notify(error));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Closes the outputs of a run that did <paramref name="ticksDone"/> ticks: writes the index and
    /// returns it with the problem that makes the run not completed (a write failed, or the outputs of a
    /// due tick never arrived), or null.
    /// </summary>
    public (string File, string? Problem) Close(int ticksDone)
    {
        _gate.Wait();
        try
        {
            var missing = DueTicks(ticksDone).Where(t => !_files.Any(f => f.Tick == t)).ToArray();
            string? problem = _error
                ?? (missing.Length == 0 ? null : $"the declared outputs of {missing.Length} due tick(s) never arrived (first: tick {missing[0]})");
            var index = new OutputIndex(1, _firstTick, ticksDone, problem is null, problem, _scenario.Outputs, [.. _files]);
            AtomicFile.WriteBytes(_folder.File(IndexFile), index.ToUtf8());
            return (IndexFile, problem);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The ticks in [first tick, <paramref name="ticksDone"/>) at which any declared output is due.</summary>
    private IEnumerable<int> DueTicks(int ticksDone)
    {
        var spec = _scenario.Outputs;
        for (int t = _firstTick; t < ticksDone; t++)
        {
            if ((spec.Series is { } s && OutputSpec.IsDue(t, s.Every)) || (spec.Snapshots is { } n && OutputSpec.IsDue(t, n.Every)))
            {
                yield return t;
            }
        }
    }

    private async Task WriteFileAsync(string dataset, int tick, int rows, Func<Stream, Task> write)
    {
        string relative = $"{FolderName}/{dataset}/{FileName(tick)}";
        string path = _folder.File(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = path + AtomicFile.TempSuffix;
        try
        {
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                await write(stream);
                stream.Flush(flushToDisk: true);
            }
            byte[] hash;
            await using (var read = File.OpenRead(temp))
            {
                hash = await SHA256.HashDataAsync(read);
            }
            File.Move(temp, path, overwrite: true);
            _files.Add(new OutputFile(relative, dataset, tick, rows, new FileInfo(path).Length, Convert.ToHexString(hash).ToLowerInvariant()));
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Six digits, so the files of a dataset sort in tick order.</summary>
    public static string FileName(int tick) => $"tick-{tick:D6}.parquet";
}
