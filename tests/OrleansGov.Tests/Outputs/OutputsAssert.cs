using OrleansGov.Client.Results.Outputs;
using OrleansGov.Engine;
using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Outputs;
using OrleansGov.Runs;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Outputs;

/// <summary>Shared steps of the declared-outputs tests: scenarios that declare them, capture, comparison and Parquet bytes.</summary>
internal static class OutputsAssert
{
    /// <summary>Every output there is: county and city series of counts and ratios (every tick), every kind's snapshots every 5 ticks.</summary>
    public static OutputSpec Everything(int seriesEvery = 1, int snapshotEvery = 5) => new(
        new SeriesOutput(["county", "city"], ["cloud_adoption", "coordination_messages", "imbalance_gini", "service_quality", "sharing_refusals", "leader_attention"], seriesEvery),
        new SnapshotOutput(["department", "government", "office", "enterprise", "citizen-group"], snapshotEvery));

    public static Scenario Small(int ticks = 40) => TestScenarios.Small(ticks: ticks) with { Outputs = Everything() };

    public static Scenario Rich(int ticks = 45) => TestScenarios.Rich(seed: 17, ticks: ticks) with { Outputs = Everything() };

    /// <summary>A plan that collects the outputs into <paramref name="into"/>.</summary>
    public static RunPlan Collecting(List<TickOutputs> into, RunPlan? plan = null) =>
        (plan ?? RunPlan.Default) with { Outputs = t => { lock (into) into.Add(t); return Task.CompletedTask; } };

    public static async Task<(RunOutcome Outcome, List<TickOutputs> Outputs)> ReferenceAsync(Scenario scenario, RunPlan? plan = null)
    {
        var outputs = new List<TickOutputs>();
        var outcome = await new ReferenceEngine().RunAsync("reference", scenario, Collecting(outputs, plan), null, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, outcome.Status);
        return (outcome, outputs);
    }

    /// <summary>Same ticks, same rows in the same order, same values bit for bit (NaN equal to NaN).</summary>
    public static void Same(IReadOnlyList<TickOutputs> expected, IReadOnlyList<TickOutputs> actual)
    {
        Assert.Equal(expected.Select(t => t.Tick), actual.Select(t => t.Tick));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Series.Select(r => r.Government), actual[i].Series.Select(r => r.Government));
            Assert.Equal(expected[i].Snapshots.Select(r => r.Agent), actual[i].Snapshots.Select(r => r.Agent));
            for (int r = 0; r < expected[i].Series.Length; r++)
            {
                Assert.Equal(Bits(expected[i].Series[r].Values), Bits(actual[i].Series[r].Values));
            }
            for (int r = 0; r < expected[i].Snapshots.Length; r++)
            {
                Assert.Equal(Bits(expected[i].Snapshots[r].Values), Bits(actual[i].Snapshots[r].Values));
            }
        }
    }

    /// <summary>Guards against a vacuous comparison: series of both scopes, snapshots of every kind, and values that moved.</summary>
    public static void NotTrivial(IReadOnlyList<TickOutputs> outputs)
    {
        var series = outputs.SelectMany(t => t.Series).ToArray();
        Assert.Contains(series, r => r.Government.Level == GovernmentLevel.County);
        Assert.Contains(series, r => r.Government.Level == GovernmentLevel.City);
        Assert.Contains(series, r => r.Values[0] > 0);
        var kinds = outputs.SelectMany(t => t.Snapshots).Select(r => r.Agent.Kind).Distinct().Order();
        Assert.Equal([AgentKind.Government, AgentKind.Office, AgentKind.Department, AgentKind.Enterprise, AgentKind.CitizenGroup], kinds);
    }

    /// <summary>The Parquet files a tick's outputs make, as (dataset, bytes), in the writer's order.</summary>
    public static async Task<List<(string Dataset, byte[] Bytes)>> ParquetAsync(Scenario scenario, TickOutputs tick)
    {
        var files = new List<(string, byte[])>();
        foreach (var scope in scenario.Outputs.Series?.Scopes ?? [])
        {
            using var stream = new MemoryStream();
            var level = OutputCatalog.Scopes[scope];
            await OutputTables.WriteSeriesAsync(stream, scenario, tick.Tick, [.. tick.Series.Where(r => r.Government.Level == level)]);
            files.Add((scope, stream.ToArray()));
        }
        foreach (var name in scenario.Outputs.Snapshots?.Kinds ?? [])
        {
            using var stream = new MemoryStream();
            var kind = OutputCatalog.Kinds[name];
            await OutputTables.WriteSnapshotAsync(stream, scenario, kind, tick.Tick, [.. tick.Snapshots.Where(r => r.Agent.Kind == kind)]);
            files.Add((name, stream.ToArray()));
        }
        return files;
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
