using System.Globalization;
using System.Text;
using System.Text.Json;
using OrleansGov.Metrics;

namespace OrleansGov.Client.Dashboard;

/// <summary>
/// Server-Sent-Event frames as bytes, made once per tick and shared by every connection that sends
/// them (<c>event: metric</c>, <c>id: tick</c>, one <c>data:</c> line of JSON — the JSON has no line breaks).
/// </summary>
public static class SseFrames
{
    /// <summary>The <c>metric</c> event of one tick: <c>{run_id, tick, total_ticks, rows}</c>.</summary>
    public static byte[] Metric(string runId, int tick, int totalTicks, IEnumerable<ScopeMetrics> rows) =>
        Frame("metric", tick, DashboardEvent.Metric(runId, tick, totalTicks, MetricJson.Rows(rows)).Data);

    /// <summary>The <c>metric</c> event of one tick from rows already in the API's shape (results folders).</summary>
    public static byte[] Metric(string runId, int tick, int totalTicks, List<Dictionary<string, object?>> rows) =>
        Frame("metric", tick, DashboardEvent.Metric(runId, tick, totalTicks, rows).Data);

    /// <summary>The final <c>status</c> event: the run's summary.</summary>
    public static byte[] Status(RunSummaryJson run) => Frame("status", null, run);

    private static byte[] Frame(string type, int? id, object data)
    {
        var head = new StringBuilder("event: ").Append(type).Append('\n');
        if (id is { } i)
        {
            head.Append("id: ").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        head.Append("data: ");
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(data, ApiJson.Options);
        byte[] start = Encoding.UTF8.GetBytes(head.ToString());
        var frame = new byte[start.Length + json.Length + 2];
        start.CopyTo(frame, 0);
        json.CopyTo(frame, start.Length);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }

    /// <summary>Rows of consecutive ticks, grouped per tick, in tick order.</summary>
    public static IEnumerable<(int Tick, ScopeMetrics[] Rows)> ByTick(ScopeMetrics[] rows)
    {
        int start = 0;
        for (int i = 1; i <= rows.Length; i++)
        {
            if (i == rows.Length || rows[i].Tick != rows[start].Tick)
            {
                yield return (rows[start].Tick, rows[start..i]);
                start = i;
            }
        }
    }
}
