using Orleans.Runtime;
using Orleans.Streams;
using OrleansGov.Grains;
using OrleansGov.Metrics;

namespace OrleansGov.Engine;

/// <summary>The run's metrics stream: provider "metrics", <c>StreamId.Create("og.metrics", runId)</c>, items <see cref="TickMetrics"/>.</summary>
public static class OrleansMetricsStream
{
    public static StreamId Id(string runId) => StreamId.Create(GrainKeys.MetricsNamespace, runId);

    /// <summary>The stream of run <paramref name="runId"/>, from a client or a grain's stream provider.</summary>
    public static IAsyncStream<TickMetrics> Of(IStreamProvider provider, string runId) => provider.GetStream<TickMetrics>(Id(runId));
}
