using System.Diagnostics.Metrics;
using Orleans.Runtime;

namespace OrleansGov.Client.Bench;

/// <summary>
/// Counts the requests one silo dispatches — grain calls (and the runtime's own requests to its system
/// targets) — from Orleans' <c>orleans-messaging-processing-dispatcher-received</c> counter, read through
/// a <see cref="MeterListener"/>. It replaced an incoming grain call filter: any such filter makes Orleans
/// wrap every call in an invoker and its state machine (~105 B and some CPU per call) that
/// <c>orleansgov run</c> does not pay, so the bench timed a slower engine than the one it measures
/// (docs/PERFORMANCE.md, round 10: side by side on one national run the filter counted 721,436 calls and
/// this counter 720,199, −0.17 %).
/// </summary>
/// <remarks>
/// Only the silo's own meter is listened to (a process may host several silos: the tests do), and only
/// requests and one-way messages (never responses). The counter is observable: Orleans keeps cumulative
/// totals per (context, direction) and reports them when asked, so <see cref="Calls"/> polls them.
/// </remarks>
public sealed class GrainRequestMeter : IDisposable
{
    /// <summary>The instrument (Orleans 10's <c>InstrumentNames.MESSAGING_DISPATCHER_RECEIVED</c>).</summary>
    public const string InstrumentName = "orleans-messaging-processing-dispatcher-received";

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private long _polled;

    public GrainRequestMeter(OrleansInstruments silo)
    {
        var meter = silo.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnTotal);
        _listener.Start();
    }

    /// <summary>Requests and one-way messages dispatched since the silo started (as of this call).</summary>
    public long Calls
    {
        get
        {
            lock (_gate)
            {
                _polled = 0;
                _listener.RecordObservableInstruments(); // calls OnTotal once per (context, direction), synchronously
                return _polled;
            }
        }
    }

    private void OnTotal(Instrument instrument, long total, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "Direction" && tag.Value?.ToString() is "Request" or "OneWay")
            {
                _polled += total;
                return;
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
