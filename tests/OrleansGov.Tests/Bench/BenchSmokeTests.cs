using OrleansGov.Client;
using OrleansGov.Client.Bench;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Bench;

/// <summary>
/// The bench's code path on a tiny size: every field of the table is filled and the two engines'
/// metrics are compared equal. No timing is asserted (figures depend on the machine).
/// </summary>
public class BenchSmokeTests
{
    [Fact]
    public async Task Bench_on_small_fills_the_table_and_finds_the_engines_identical()
    {
        var options = new BenchOptions(["small"], Ticks: 3)
        {
            CeilingCallers = 2,
            CeilingFanOut = 10,
            CeilingWarmup = TimeSpan.FromMilliseconds(50),
            CeilingMeasure = TimeSpan.FromMilliseconds(200),
        };
        var report = await BenchRunner.RunAsync(options, "test");

        Assert.True(report.CeilingCallsPerSecond > 0);
        Assert.Contains("2 caller grains at once, each in rounds of 10 concurrent no-op calls", report.CeilingMethod);
        Assert.Equal(["reference", "orleans"], report.Results.Select(r => r.Engine));
        foreach (var r in report.Results)
        {
            Assert.Equal("small", r.Size);
            Assert.Equal("completed", r.Status);
            Assert.Equal(111, r.Agents);
            Assert.Equal(3, r.Ticks);
            Assert.True(r.WallSeconds > 0);
            Assert.True(r.AgentTicksPerSecond > 0);
            Assert.True(r.MessagesPerSecond > 0);
            Assert.True(r.TickMaxMs >= r.TickMedianMs && r.TickMedianMs > 0);
            Assert.True(r.Tick0Ms > 0 && r.Tick0Ms <= r.TickMaxMs, $"tick 0 {r.Tick0Ms} ms, max {r.TickMaxMs} ms");
            Assert.True(r.SteadyAgentTicksPerSecond > 0);
            Assert.True(r.AllocatedBytesPerAgentTick > 0);
            Assert.True(r.PeakWorkingSetBytes > 0);
            Assert.Null(r.Error);
            // Tick times after tick 0: both engines' ticks placed in time (the Orleans engine's from its silo's stamps).
            var t = r.TickTimes!;
            Assert.Equal(2, t.Ticks);
            Assert.True(t.MedianMs > 0 && t.MedianMs <= t.P90Ms && t.P90Ms <= t.P99Ms && t.P99Ms <= t.MaxMs, $"{r.Engine}: {t}");
            Assert.Equal(r.Tick0Ms, t.Tick0!.Ms, precision: 3);
            Assert.Equal(2, t.Slowest.Count);
            Assert.Equal(2, t.Budget.EarlyTicks);
            Assert.True(t.Budget.OutsideTicksMs >= 0);
        }
        var orleans = report.Results[1];
        // At least one call per agent per tick. No upper bound here: the run's own calls (the client's wait for
        // the run's end, the memory streams' pulling agents) grow with wall time, and on a loaded machine a 3-tick
        // small run took 69 s and 6.5 calls per agent-tick. The leaves' calls are counted exactly in GrainCallCountTests.
        Assert.True(orleans.GrainCallsPerAgentTick!.Value >= 1.0, $"{orleans.GrainCallsPerAgentTick} calls per agent-tick");
        Assert.NotNull(orleans.CeilingRatio);
        Assert.Null(report.Results[0].GrainCallsPerAgentTick);

        var comparison = Assert.Single(report.Comparisons);
        Assert.True(comparison.MetricsIdentical, comparison.FirstDifference);
        Assert.Equal(3 * 3, comparison.RowsCompared); // 3 ticks × (nation + 2 provinces)

        string json = System.Text.Json.JsonSerializer.Serialize(report, BenchOutput.Json);
        Assert.Contains("\"agent_ticks_per_second\"", json);
        Assert.Contains("\"grain_calls_per_agent_tick\"", json);
        Assert.Contains("\"tick0_ms\"", json);
        Assert.Contains("\"steady_agent_ticks_per_second\"", json);
        Assert.Contains("\"allocated_bytes_per_agent_tick\"", json);
        Assert.Contains("\"metrics_identical\": true", json);
        Assert.Contains("\"tick_times\"", json);
        Assert.Contains("\"p99_ms\"", json);
        Assert.Contains("\"gen2_ticks_ms\"", json);
    }

    [Fact]
    public async Task Bench_with_the_reference_engine_only_measures_no_ceiling_and_compares_nothing()
    {
        var options = new BenchOptions(["small"], Ticks: 2) { Engines = ["reference"] };
        var report = await BenchRunner.RunAsync(options, "test");

        Assert.Null(report.CeilingCallsPerSecond);
        var result = Assert.Single(report.Results);
        Assert.Equal(("reference", "completed", 2), (result.Engine, result.Status, result.Ticks));
        Assert.Null(result.CeilingRatio);
        Assert.Empty(report.Comparisons);
        Assert.Empty(report.WarmUps); // no warm-up unless asked
    }

    [Fact]
    public async Task Bench_with_warm_up_runs_small_untimed_on_each_engine_before_the_sizes()
    {
        var options = new BenchOptions(["small"], Ticks: 2)
        {
            WarmUp = true,
            CeilingCallers = 2,
            CeilingFanOut = 10,
            CeilingWarmup = TimeSpan.FromMilliseconds(50),
            CeilingMeasure = TimeSpan.FromMilliseconds(200),
        };
        var report = await BenchRunner.RunAsync(options, "test");

        Assert.Equal(["reference", "orleans"], report.WarmUps.Select(w => w.Engine));
        Assert.All(report.WarmUps, w => Assert.Equal(("small", BenchOptions.WarmUpTicks, "completed"), (w.Scenario, w.Ticks, w.Status)));
        Assert.All(report.WarmUps, w => Assert.True(w.WallSeconds > 0));
        Assert.Equal(["reference", "orleans"], report.Results.Select(r => r.Engine)); // the sizes are measured as without it
        Assert.All(report.Results, r => Assert.Equal(("completed", 2), (r.Status, r.Ticks)));
        Assert.True(Assert.Single(report.Comparisons).MetricsIdentical);
        Assert.Contains("\"warm_ups\"", BenchOutput.ToJson(report));
    }

    [Fact]
    public async Task The_warm_up_option_reaches_the_bench_and_its_output()
    {
        var result = await CliHarness.RunAsync("bench", "--sizes", "small", "--ticks", "2", "--engines", "reference", "--warm-up", "--json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("\"warm_ups\"", result.Out);
        Assert.Contains("\"scenario\": \"small\"", result.Out);
    }

    [Theory]
    [InlineData("--engines", "warp", "warp")]
    [InlineData("--engines", ",", "--engines")]
    [InlineData("--sizes", "atlantis", "atlantis")]
    [InlineData("--ticks", "0", "--ticks")]
    [InlineData("--ceiling-fan-out", "0", "--ceiling-fan-out")]
    public async Task A_bad_bench_option_is_bad_input(string option, string value, string named)
    {
        var result = await CliHarness.RunAsync("bench", option, value);
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains(named, result.Error);
    }
}
