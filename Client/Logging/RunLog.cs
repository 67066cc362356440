using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace OrleansGov.Client.Logging;

/// <summary>
/// The log of one CLI invocation (a Serilog logger of its own, no global state). Errors go to stderr,
/// except while the live progress display is on screen (they would garble it); once the run's folder
/// exists every line, earlier ones included, also goes to its <c>run.log</c>.
/// </summary>
public sealed class RunLog : IDisposable
{
    private const int MaxBuffered = 10_000;
    private readonly MessageTemplateTextFormatter _formatter =
        new("{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
    // stderr gets one line per event, no stack traces: those are in run.log.
    private readonly MessageTemplateTextFormatter _brief = new("[{Level:u3}] {SourceContext}: {Message:lj}{NewLine}");
    private readonly TextWriter _stderr;
    private readonly List<LogEvent> _buffer = [];
    private readonly Lock _lock = new();
    private StreamWriter? _file;
    private bool _echo = true;
    private int _held;

    public RunLog(TextWriter stderr)
    {
        _stderr = stderr;
        Logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            // Warns of a stall measured from process start when the silo starts late in a process's life.
            .MinimumLevel.Override("Orleans.Runtime.Watchdog", LogEventLevel.Error)
            .Enrich.WithProperty("SourceContext", "orleansgov")
            .WriteTo.Sink(new Sink(this))
            .CreateLogger();
    }

    public Logger Logger { get; }

    /// <summary>Stops (false) or resumes (true) echoing errors to stderr; returns how many were held back meanwhile.</summary>
    public int Echo(bool on)
    {
        lock (_lock)
        {
            _echo = on;
            int held = _held;
            _held = 0;
            return held;
        }
    }

    /// <summary>From now on (and for everything logged so far) write to <paramref name="path"/> too.</summary>
    public void AttachFile(string path)
    {
        lock (_lock)
        {
            _file = new StreamWriter(path, append: true) { AutoFlush = true };
            foreach (var logEvent in _buffer)
            {
                _formatter.Format(logEvent, _file);
            }
            _buffer.Clear();
        }
    }

    private void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            if (_file is not null)
            {
                _formatter.Format(logEvent, _file);
            }
            else if (_buffer.Count < MaxBuffered)
            {
                _buffer.Add(logEvent);
            }
            // Information and warnings (Orleans is chatty about retries) stay in run.log; errors show.
            if (logEvent.Level >= LogEventLevel.Error)
            {
                if (_echo)
                {
                    _brief.Format(logEvent, _stderr);
                }
                else
                {
                    _held++;
                }
            }
        }
    }

    /// <summary>Serilog disposes its sinks with the logger, so the sink is not the owner itself.</summary>
    private sealed class Sink(RunLog owner) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => owner.Emit(logEvent);
    }

    public void Dispose()
    {
        Logger.Dispose();
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }
}
