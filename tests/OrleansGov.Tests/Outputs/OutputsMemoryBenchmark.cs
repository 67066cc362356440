using OrleansGov.Client;
using OrleansGov.Tests.Cli;
using OrleansGov.Tests.Dashboard;
using Xunit.Abstractions;

namespace OrleansGov.Tests.Outputs;

/// <summary>
/// How the memory of a long run with declared outputs grows (docs/MODEL.md, "Declared outputs"): the
/// <c>three-provinces</c> preset with county and city series every tick and department snapshots every
/// 13 ticks, on each engine, managed heap after a full collection every 100 ticks, against the same
/// run without outputs. Prints figures; asserts nothing about time or memory. Skipped unless
/// ORLEANSGOV_BENCH=1: <c>ORLEANSGOV_BENCH=1 dotnet test -c Release --filter OutputsMemoryBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class OutputsMemoryBenchmark(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [DashboardOverheadBenchmark.BenchFact]
    public async Task Memory_of_a_long_run_with_outputs_stays_flat()
    {
        int ticks = int.TryParse(Environment.GetEnvironmentVariable("ORLEANSGOV_BENCH_TICKS"), out int t) ? t : 500;
        using var preset = typeof(OrleansGov.Scenarios.ScenarioLoader).Assembly.GetManifestResourceStream("OrleansGov.Scenarios.three-provinces.yaml")!;
        string scenario = new StreamReader(preset).ReadToEnd();
        string outputs = """

            outputs:
              series: { scopes: [county, city], metrics: [cloud_adoption, service_quality, coordination_messages, imbalance_gini], every: 1 }
              snapshots: { kinds: [department], every: 13 }
            """;
        foreach (string engine in new[] { "reference", "orleans" })
        {
            foreach (bool declared in new[] { false, true })
            {
                string file = _dir.Write($"{engine}-{declared}.yaml", scenario + (declared ? outputs : ""));
                var heap = new List<long>();
                var result = await CliHarness.RunAsync(
                    ["run", file, "--engine", engine, "--ticks", ticks.ToString(), "--out", _dir.Path, "--run-id", $"{engine}-{declared}", "--quiet"],
                    CancellationToken.None,
                    afterTick: m =>
                    {
                        if ((m.Tick + 1) % 100 == 0) heap.Add(GC.GetTotalMemory(forceFullCollection: true));
                    });
                Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
                var growth = heap.Zip(heap.Skip(1), (a, b) => (b - a) / 1e6);
                output.WriteLine($"{engine,-9} outputs={(declared ? "yes" : "no "),-3} heap MB at each 100 ticks: {string.Join(" ", heap.Select(h => (h / 1e6).ToString("0.0")))}; growth per 100 ticks: {string.Join(" ", growth.Select(g => g.ToString("+0.00;-0.00")))}");
            }
        }
    }
}
