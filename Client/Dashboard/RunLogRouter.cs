using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Gives each run started from the dashboard its own <c>run.log</c>, like <c>orleansgov run</c> writes
/// (issue 15): every log event carrying a <c>RunId</c> property of a recorded run — the dashboard's own
/// lines about it and the coordinator's (<c>"Run {RunId} failed at tick {Tick}"</c>) — goes to that file too.
/// </summary>
public sealed class RunLogRouter : ILogEventSink, IDisposable
{
    private readonly MessageTemplateTextFormatter _formatter =
        new("{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
    private readonly ConcurrentDictionary<string, StreamWriter> _files = new(StringComparer.Ordinal);

    /// <summary>From now on, events about <paramref name="runId"/> are appended to <paramref name="path"/>.</summary>
    public void Attach(string runId, string path) =>
        _files[runId] = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), AtomicLog.Utf8) { AutoFlush = true };

    /// <summary>Closes the run's log.</summary>
    public void Detach(string runId)
    {
        if (_files.TryRemove(runId, out var writer))
        {
            lock (writer)
            {
                writer.Dispose();
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Properties.TryGetValue("RunId", out var value) && value is ScalarValue { Value: string runId }
            && _files.TryGetValue(runId, out var writer))
        {
            lock (writer)
            {
                try
                {
                    _formatter.Format(logEvent, writer);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    // A log line that cannot be written must not take the run down.
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var runId in _files.Keys)
        {
            Detach(runId);
        }
    }

    private static class AtomicLog
    {
        public static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    }
}
