using System.Text;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Results;

/// <summary>
/// Writes one run's results folder while the run goes and closes it — the one way <c>run</c>,
/// <c>batch</c>/<c>claims</c> and the dashboard record a run (issue 14 items 3, 4 and 19):
/// <list type="number">
/// <item><see cref="Start"/>: the manifest says <c>running</c>, with the pid, host and a heartbeat;
/// <c>metrics.csv</c> gets its header.</item>
/// <item><see cref="RecordTick"/>: each tick's rows are appended to <c>metrics.csv</c> and handed to the
/// operating system at once, so a crash (kill -9, power aside) leaves an exact prefix of the final file.
/// A timer rewrites the manifest's heartbeat every <see cref="HeartbeatInterval"/>, whatever the tick
/// length, so <see cref="RunLiveness"/> can tell a live run from a dead one.</item>
/// <item><see cref="Finish"/>: the completeness check (every tick of every scope, or the run is not
/// <c>completed</c>), <c>summary.json</c> for a completed run, and the final manifest last. A failed
/// write makes the run <c>failed</c> with the error; if even that manifest cannot be written, the
/// folder is left without one (never <c>running</c> for ever), and no <c>*.tmp</c> file stays.</item>
/// </list>
/// Thread-safe: ticks may arrive on an engine's or a stream's thread while the heartbeat timer runs.
/// </summary>
public sealed class RunWriter : IDisposable
{
    /// <summary>How often a running run's manifest is rewritten with its heartbeat.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly List<ScopeMetrics> _streamed = [];
    private readonly Action<string>? _onWriteFailure;
    private readonly Timer _heartbeat;
    private FileStream? _metrics;
    private Manifest _manifest;
    private int? _lastTick;
    private string? _writeError;
    private bool _finished;

    private RunWriter(RunFolder folder, Manifest manifest, TimeSpan heartbeatInterval, Action<string>? onWriteFailure)
    {
        Folder = folder;
        _manifest = manifest;
        _onWriteFailure = onWriteFailure;
        HeartbeatInterval = heartbeatInterval;
        _heartbeat = new Timer(_ => Beat(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public RunFolder Folder { get; }

    public TimeSpan HeartbeatInterval { get; }

    /// <summary>The manifest as last written (or about to be).</summary>
    public Manifest Manifest
    {
        get
        {
            lock (_lock)
            {
                return _manifest;
            }
        }
    }

    /// <summary>The rows recorded so far, in tick order (for an engine that broke off without returning them).</summary>
    public IReadOnlyList<ScopeMetrics> RecordedRows
    {
        get
        {
            lock (_lock)
            {
                return _streamed.ToArray();
            }
        }
    }

    /// <summary>The first write that failed while the run went on, or null.</summary>
    public string? WriteError
    {
        get
        {
            lock (_lock)
            {
                return _writeError;
            }
        }
    }

    /// <summary>
    /// Writes the first manifest (status <c>running</c>) and the metrics header, releases the folder's
    /// claim and starts the heartbeat. Throws if the folder cannot be written at all (nothing to record then).
    /// </summary>
    /// <param name="onWriteFailure">Called once, with the error, when a write fails during the run (e.g. to stop it).</param>
    public static RunWriter Start(RunFolder folder, Manifest manifest, Action<string>? onWriteFailure = null, TimeSpan? heartbeatInterval = null)
    {
        var writer = new RunWriter(folder, manifest with { Heartbeat = new RunHeartbeat(null, DateTimeOffset.UtcNow) },
            heartbeatInterval ?? DefaultHeartbeatInterval, onWriteFailure);
        folder.WriteManifest(writer._manifest);
        folder.WriteScenario(manifest.Scenario, manifest.RunId);
        folder.ReleaseClaim();
        writer._metrics = new FileStream(folder.File(RunFolder.MetricsFile), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        writer._metrics.Write(MetricsCsv.Header(writer._manifest.Scenario));
        writer._metrics.Flush();
        writer._heartbeat.Change(writer.HeartbeatInterval, writer.HeartbeatInterval);
        return writer;
    }

    /// <summary>Appends a tick's rows to <c>metrics.csv</c>. Never throws: a failed write is kept for <see cref="Finish"/>.</summary>
    public void RecordTick(TickMetrics tick)
    {
        lock (_lock)
        {
            if (_finished || _writeError is not null || _metrics is null)
            {
                return;
            }
            try
            {
                _metrics.Write(MetricsCsv.Rows(tick.Rows, _manifest.Scenario));
                _metrics.Flush();
                _streamed.AddRange(tick.Rows);
                _lastTick = tick.Tick;
            }
            catch (Exception e) when (IsWriteFailure(e))
            {
                Failed(e);
            }
        }
    }

    /// <summary>Rewrites the manifest with the scenario as it now stands (a live intervention appended to the timeline).</summary>
    public void UpdateScenario(Scenario scenario)
    {
        lock (_lock)
        {
            if (_finished)
            {
                return;
            }
            _manifest = _manifest with { Scenario = scenario };
            WriteHeartbeat();
            try
            {
                Folder.WriteScenario(scenario, _manifest.RunId);
            }
            catch (Exception e) when (IsWriteFailure(e))
            {
                Failed(e);
            }
        }
    }

    /// <summary>
    /// Closes the folder for <paramref name="outcome"/> (see the class summary); returns how the run is
    /// recorded. Never throws for a failed write: the result says what could be written.
    /// </summary>
    /// <param name="files">Files already in the folder besides the manifest and metrics (e.g. the run log).</param>
    /// <param name="scenario">The scenario as finally run (a live intervention may have grown its timeline); default the manifest's.</param>
    public RunEnd Finish(RunOutcome outcome, IEnumerable<string> files, Scenario? scenario = null)
    {
        _heartbeat.Change(Timeout.Infinite, Timeout.Infinite);
        lock (_lock)
        {
            if (_finished)
            {
                throw new InvalidOperationException("The run's folder is already closed.");
            }
            _finished = true;
            scenario ??= _manifest.Scenario;
            var (status, error) = RunEnding.Check(outcome, scenario);
            if (_writeError is not null)
            {
                (status, error) = (RunStatus.Failed, _writeError);
            }
            var written = new List<string> { RunFolder.ManifestFile, RunFolder.ScenarioFile };
            written.AddRange(files);
            int ticksDone = outcome.Metrics.Count == 0 ? 0 : outcome.Metrics.Max(r => r.Tick) + 1;
            try
            {
                if (!ReferenceEquals(scenario, _manifest.Scenario))
                {
                    Folder.WriteScenario(scenario, _manifest.RunId); // a live intervention grew the timeline
                }
                CloseMetrics(outcome.Metrics);
                written.Add(RunFolder.MetricsFile);
                if (status == RunStatus.Completed)
                {
                    Folder.WriteSummary(scenario, outcome.Metrics);
                    written.Add(RunFolder.SummaryFile);
                }
            }
            catch (Exception e) when (IsWriteFailure(e))
            {
                (status, error) = (RunStatus.Failed, "writing results failed: " + Describe(e));
                if (File.Exists(Folder.File(RunFolder.MetricsFile)))
                {
                    written.Add(RunFolder.MetricsFile); // a prefix of the run's rows, as for any failed run
                }
            }
            if (_writeError is not null || status == RunStatus.Failed && error?.StartsWith("writing results failed", StringComparison.Ordinal) == true)
            {
                // metrics.csv holds the ticks streamed before the write failed (and perhaps part of the next): say only those.
                ticksDone = _lastTick is { } last ? last + 1 : 0;
            }
            var final = _manifest with
            {
                Status = RunEnding.StatusName(status),
                Error = error,
                SiloCount = outcome.SiloCount,
                Recoveries = outcome.Recoveries,
                Checkpoints = outcome.Checkpoints,
                TicksCompleted = ticksDone,
                EndedUtc = DateTimeOffset.UtcNow,
                Files = written,
                Scenario = scenario,
            };
            bool manifestWritten = WriteFinalManifest(final, ref status, ref error);
            RemoveTemporaryFiles();
            _manifest = final;
            return new RunEnd(status, error, ticksDone) { ManifestWritten = manifestWritten };
        }
    }

    /// <summary>The streamed file is the final one when it holds exactly the outcome's rows; otherwise it is rewritten from them.</summary>
    private void CloseMetrics(IReadOnlyList<ScopeMetrics> rows)
    {
        bool complete = _writeError is null && _streamed.Count == rows.Count && _streamed.SequenceEqual(rows);
        if (complete && _metrics is not null)
        {
            _metrics.Flush(flushToDisk: true);
        }
        _metrics?.Dispose();
        _metrics = null;
        if (!complete)
        {
            Folder.WriteMetrics(rows, _manifest.Scenario);
        }
    }

    /// <summary>
    /// Writes the last manifest. When that fails (a full disk), it tries a short <c>failed</c> manifest
    /// over the existing file's bytes (no new space needed), and failing that deletes the manifest, so
    /// the folder never keeps saying <c>running</c>.
    /// </summary>
    private bool WriteFinalManifest(Manifest final, ref RunStatus status, ref string? error)
    {
        try
        {
            Folder.WriteManifest(final);
            return true;
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            (status, error) = (RunStatus.Failed, "writing the manifest failed: " + Describe(e));
        }
        string path = Folder.File(RunFolder.ManifestFile);
        try
        {
            byte[] brief = Encoding.UTF8.GetBytes(
                $"{{\"run_id\": {System.Text.Json.JsonSerializer.Serialize(final.RunId)}, \"status\": \"failed\", \"error\": {System.Text.Json.JsonSerializer.Serialize(error)}}}");
            long existing = new FileInfo(path).Length;
            if (brief.Length <= existing)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
                stream.Write(brief);
                stream.Write(Enumerable.Repeat((byte)' ', (int)(existing - brief.Length)).ToArray()); // JSON allows trailing spaces
                stream.Flush(flushToDisk: true);
                return true;
            }
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            // fall through: remove it
        }
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            // Nothing more can be done; the caller reports the error.
        }
        return false;
    }

    private void RemoveTemporaryFiles()
    {
        try
        {
            foreach (string temp in Directory.EnumerateFiles(Folder.Path, "*" + AtomicFile.TempSuffix))
            {
                File.Delete(temp);
            }
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            // Best effort; a left temporary file never has an output's name.
        }
    }

    private void Beat()
    {
        lock (_lock)
        {
            if (!_finished && _writeError is null)
            {
                WriteHeartbeat();
            }
        }
    }

    private void WriteHeartbeat()
    {
        int ticks = _lastTick is { } t ? t + 1 : 0;
        _manifest = _manifest with { TicksCompleted = ticks, Heartbeat = new RunHeartbeat(_lastTick, DateTimeOffset.UtcNow) };
        try
        {
            Folder.WriteManifest(_manifest);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            Failed(e);
        }
    }

    private void Failed(Exception e)
    {
        if (_writeError is not null)
        {
            return;
        }
        _writeError = "writing results failed: " + Describe(e);
        if (_onWriteFailure is { } notify)
        {
            string error = _writeError;
            ThreadPool.QueueUserWorkItem(_ => notify(error)); // never call out while holding the lock
        }
    }

    /// <summary>
    /// How a failed file write shows itself: an <see cref="IOException"/> (a full disk), a refused
    /// access, or — for a write past a file-size limit (EFBIG, <c>ulimit -f</c>) — an ArgumentException
    /// ("Specified file length was too large for the file system").
    /// </summary>
    private static string Describe(Exception e) =>
        e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message;

    public static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException or ArgumentException;

    public void Dispose()
    {
        _heartbeat.Dispose();
        lock (_lock)
        {
            _metrics?.Dispose();
            _metrics = null;
        }
    }
}
