using OrleansGov.Metrics;

namespace OrleansGov.Client.Progress;

/// <summary>Hands each tick to several receivers in order (the results folder first, then the display).</summary>
public sealed class TickSinks(params Action<TickMetrics>[] sinks) : IProgress<TickMetrics>
{
    public void Report(TickMetrics value)
    {
        foreach (var sink in sinks)
        {
            sink(value);
        }
    }
}
