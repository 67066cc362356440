using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using OrleansGov.Client.Commands;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Bench;

/// <summary>What to run: sizes (preset names or scenario files) and an optional tick count for all of them.</summary>
public sealed record BenchOptions(IReadOnlyList<string> Sizes, int? Ticks)
{
    public static readonly string[] DefaultSizes = ["three-provinces", "national", "stress"];
    public static readonly string[] EngineNames = ["reference", "orleans"];

    /// <summary>Which engines to run at each size (both by default); the ceiling is measured only when the Orleans engine runs.</summary>
    public IReadOnlyList<string> Engines { get; init; } = EngineNames;

    public bool RunsReference => Engines.Contains("reference");
    public bool RunsOrleans => Engines.Contains("orleans");

    /// <summary>Ticks per size when --ticks is not given (the scenario's own count for other scenarios).</summary>
    public static int? DefaultTicks(string size) => size switch
    {
        "three-provinces" => 52,
        "national" => 52,
        "stress" => 10,
        _ => null,
    };

    /// <summary>How the runtime ceiling is measured: this many caller grains, each in rounds of <see cref="CeilingFanOut"/> concurrent no-op calls.</summary>
    public int CeilingCallers { get; init; } = 10;
    public int CeilingFanOut { get; init; } = 100;
    public TimeSpan CeilingWarmup { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan CeilingMeasure { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// One untimed run of <see cref="WarmUpScenario"/> on each engine before the sizes, so that they are
    /// measured in a warm process (code compiled, the runtime's own grains and the metrics stream active),
    /// as a batch's, sweep's or dashboard session's second and later runs are. Off by default: the sizes
    /// then include the first run's costs, as one <c>orleansgov run</c> in a fresh process does.
    /// </summary>
    public bool WarmUp { get; init; }

    public const string WarmUpScenario = "small";
    public const int WarmUpTicks = 5;
}

/// <summary>The untimed warm-up run of one engine (<see cref="BenchOptions.WarmUp"/>): how long it took, for the record.</summary>
public sealed record WarmUpRun(string Engine, string Scenario, int Ticks, double WallSeconds, string Status);

/// <summary>One engine on one size.</summary>
public sealed record EngineResult(
    string Size,
    string Engine,
    string Status,
    long Agents,
    int Ticks,
    double WallSeconds,
    double CpuSeconds,
    double AgentTicksPerSecond,
    double AgentTicksPerCpuSecond,
    double MessagesPerSecond,
    double? GrainCallsPerAgentTick,
    double TickMedianMs,
    double TickMaxMs,
    double Tick0Ms,
    double? SteadyAgentTicksPerSecond,
    long PeakWorkingSetBytes,
    double BytesPerAgent,
    double AllocatedBytesPerAgentTick,
    double? CeilingRatio,
    string? Error)
{
    /// <summary>The tick times after tick 0 (median, p90, p99, max), the collections in them, the slowest ticks with theirs, and where the run's time went.</summary>
    public TickDistribution? TickTimes { get; init; }
}

/// <summary>Did both engines produce identical metrics on one size?</summary>
public sealed record SizeComparison(string Size, bool MetricsIdentical, int RowsCompared, string? FirstDifference);

public sealed record MachineInfo(string Cpu, int Cores, long MemoryBytes, string Os, string Runtime, string Gc, string LoadAverageAtStart, string LoadAverageAtEnd);

public sealed record BenchReport(
    MachineInfo Machine,
    string Command,
    double? CeilingCallsPerSecond,
    string CeilingMethod,
    IReadOnlyList<EngineResult> Results,
    IReadOnlyList<SizeComparison> Comparisons)
{
    /// <summary>The warm-up runs made before the sizes (none unless <see cref="BenchOptions.WarmUp"/>).</summary>
    public IReadOnlyList<WarmUpRun> WarmUps { get; init; } = [];
}

/// <summary>
/// <c>orleansgov bench</c>'s measurements: the runtime ceiling (no-op grain calls/s), then for each
/// size the reference engine and the Orleans engine on the same scenario and seed, in one process.
/// </summary>
public static class BenchRunner
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, string command, Action<string>? log = null,
        CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        string loadAtStart = LoadAverage();
        var scenarios = options.Sizes.Select(size => (Size: size, Scenario: Load(size, options.Ticks))).ToList();
        // The silo (and the ceiling) only when the Orleans engine runs: a reference-only bench has no actor runtime in the process.
        await using var silo = options.RunsOrleans ? await BenchSilo.StartAsync() : null;
        double? ceiling = null;
        string? ceilingError = null;
        if (silo is not null)
        {
            log($"measuring the runtime ceiling ({options.CeilingCallers} x {options.CeilingFanOut} concurrent calls, {options.CeilingMeasure.TotalSeconds:0} s)");
            try
            {
                ceiling = await MeasureCeilingAsync(silo.Client, options, cancellationToken);
                log($"ceiling: {ceiling:N0} no-op grain calls/s");
            }
            catch (TimeoutException ex)
            {
                // Seen at load ~80: a caller's round outlived the 30 s response timeout. The runs can still be measured.
                ceilingError = $"not measured: {ex.Message.Split(" for message", 2)[0]}";
                log($"ceiling {ceilingError}");
            }
        }

        var warmUps = new List<WarmUpRun>();
        if (options.WarmUp)
        {
            var warmUp = Load(BenchOptions.WarmUpScenario, BenchOptions.WarmUpTicks);
            if (options.RunsReference)
            {
                warmUps.Add(await WarmUpAsync(new ReferenceEngine(), "reference", "bench-warm-up", warmUp, log, cancellationToken));
            }
            if (silo is not null)
            {
                warmUps.Add(await WarmUpAsync(new OrleansEngine(silo.Client), "orleans", "bench-warm-up", warmUp, log, cancellationToken));
            }
        }

        var results = new List<EngineResult>();
        var comparisons = new List<SizeComparison>();
        int run = 0;
        foreach (var (size, scenario) in scenarios)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long agents = new Model.World(scenario).AgentCount;
            IReadOnlyList<ScopeMetrics>? referenceRows = null, orleansRows = null;
            if (options.RunsReference)
            {
                log($"{size}: {agents:N0} agents, {scenario.Ticks} ticks, reference engine");
                (var reference, referenceRows) = await MeasureAsync(size, scenario, agents, new ReferenceEngine(), null, null, null, cancellationToken);
                results.Add(reference);
            }
            if (silo is not null)
            {
                log($"{size}: {agents:N0} agents, {scenario.Ticks} ticks, orleans engine");
                (var orleans, orleansRows) = await MeasureAsync(size, scenario, agents, new OrleansEngine(silo.Client), silo, $"bench-{run++}-{size}", ceiling, cancellationToken);
                results.Add(orleans);
            }
            if (referenceRows is not null && orleansRows is not null)
            {
                comparisons.Add(Compare(size, referenceRows, orleansRows));
            }
        }
        return new BenchReport(Machine(loadAtStart), command, ceiling,
            ceilingError ?? $"{options.CeilingCallers} caller grains at once, each in rounds of {options.CeilingFanOut} concurrent no-op calls to its own grains; {options.CeilingWarmup.TotalSeconds:0} s warm-up, {options.CeilingMeasure.TotalSeconds:0} s measured",
            results, comparisons) { WarmUps = warmUps };
    }

    private static async Task<WarmUpRun> WarmUpAsync(ISimulationEngine engine, string name, string runId, Scenario scenario, Action<string> log, CancellationToken cancellationToken)
    {
        log($"warm-up: {scenario.Name}, {scenario.Ticks} ticks, {name} engine (not measured)");
        var clock = Stopwatch.StartNew();
        var outcome = await engine.RunAsync(runId, scenario, null, cancellationToken);
        return new WarmUpRun(name, scenario.Name, scenario.Ticks, clock.Elapsed.TotalSeconds, outcome.Status.ToString().ToLowerInvariant());
    }

    private static Scenario Load(string size, int? ticks)
    {
        var loaded = ScenarioInput.TryLoad(size, out string? error)
            ?? throw new ArgumentException($"size '{size}': {error}");
        return ScenarioInput.WithOverrides(loaded, null, ticks ?? BenchOptions.DefaultTicks(size), out _);
    }

    /// <summary>
    /// No-op grain calls per second inside the silo: <c>callers</c> caller grains at once, each making
    /// rounds of <c>fanOut</c> concurrent no-op calls to its own ping grains and awaiting each round
    /// (the shape of a government grain stepping its leaves); a warm-up pass, then a measured pass.
    /// </summary>
    public static async Task<double> MeasureCeilingAsync(IGrainFactory grains, BenchOptions options, CancellationToken cancellationToken)
    {
        var callers = Enumerable.Range(0, options.CeilingCallers).Select(i => grains.GetGrain<IBenchCallerGrain>(i)).ToArray();
        await Task.WhenAll(callers.Select(c => c.CallForAsync(options.CeilingWarmup, options.CeilingFanOut)));
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(callers.Select(c => c.CallForAsync(options.CeilingMeasure, options.CeilingFanOut)));
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(EngineResult, IReadOnlyList<ScopeMetrics>)> MeasureAsync(
        string size, Scenario scenario, long agents, ISimulationEngine engine, BenchSilo? silo, string? runId, double? ceiling,
        CancellationToken cancellationToken)
    {
        long baseline = MemorySampler.Settle();
        var tickTimes = new TickClock();
        long callsBefore = silo?.Counter.Calls ?? 0;
        RunOutcome outcome;
        double wall, cpu;
        long peak, allocated;
        long runStart;
        IReadOnlyList<GcSample> collections;
        using (var sampler = new MemorySampler())
        using (var gc = new GcSampler())
        {
            tickTimes.Start();
            runStart = Stopwatch.GetTimestamp();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            outcome = await engine.RunAsync(runId ?? "bench-reference", scenario, tickTimes, cancellationToken);
            wall = clock.Elapsed.TotalSeconds;
            cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            peak = sampler.Peak;
            collections = gc.Samples;
        }
        long calls = (silo?.Counter.Calls ?? 0) - callsBefore;
        double[] perTick = tickTimes.Seconds;
        var windows = TickTimeline.FromBoundaries(runStart, tickTimes.Ends);
        if (silo is not null && runId is not null)
        {
            perTick = await silo.Client.GetGrain<IRunCoordinatorGrain>(runId).GetTickSecondsAsync();
            windows = TickTimeline.FromEnds(silo.TickEnds.Ends(runId, perTick.Length), perTick, runStart);
            await Task.Delay(500, CancellationToken.None); // let the run's grains deactivate before the next baseline
        }
        int ticks = outcome.Metrics.Count(r => r.Scope == MetricsRows.NationScope);
        long messages = outcome.Metrics.Where(r => r.Scope == MetricsRows.NationScope).Sum(r => r.CoordinationMessages);
        double agentTicks = (double)agents * ticks;
        double rate = wall > 0 ? agentTicks / wall : 0;
        var sorted = perTick.Order().ToArray();
        var result = new EngineResult(
            Size: size,
            Engine: engine.Name,
            Status: outcome.Status.ToString().ToLowerInvariant(),
            Agents: agents,
            Ticks: ticks,
            WallSeconds: wall,
            CpuSeconds: cpu,
            AgentTicksPerSecond: rate,
            AgentTicksPerCpuSecond: cpu > 0 ? agentTicks / cpu : 0,
            MessagesPerSecond: wall > 0 ? messages / wall : 0,
            GrainCallsPerAgentTick: silo is null ? null : agentTicks > 0 ? calls / agentTicks : 0,
            TickMedianMs: sorted.Length == 0 ? 0 : 1000 * Median(sorted),
            TickMaxMs: sorted.Length == 0 ? 0 : 1000 * sorted[^1],
            Tick0Ms: perTick.Length == 0 ? 0 : 1000 * perTick[0],
            SteadyAgentTicksPerSecond: SteadyRate(agents, perTick),
            PeakWorkingSetBytes: peak,
            BytesPerAgent: agents > 0 ? Math.Max(0, peak - baseline) / (double)agents : 0,
            AllocatedBytesPerAgentTick: agentTicks > 0 ? allocated / agentTicks : 0,
            CeilingRatio: ceiling is > 0 ? rate / ceiling.Value : null,
            Error: outcome.Error)
        {
            TickTimes = TickTimeline.Summarise(TickTimeline.Place(windows, collections), wall),
        };
        return (result, outcome.Metrics);
    }

    /// <summary>
    /// Agent-ticks per second over the ticks after tick 0 (their own times, summed): the rate once every
    /// grain is active, apart from the start-up, which <see cref="EngineResult.Tick0Ms"/> reports. Null
    /// with fewer than two ticks.
    /// </summary>
    private static double? SteadyRate(long agents, double[] perTick)
    {
        double seconds = perTick.Skip(1).Sum();
        return perTick.Length < 2 || seconds <= 0 ? null : (double)agents * (perTick.Length - 1) / seconds;
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    /// <summary>Row-by-row equality of the two engines' metrics (records compare every field; NaN equals NaN).</summary>
    public static SizeComparison Compare(string size, IReadOnlyList<ScopeMetrics> reference, IReadOnlyList<ScopeMetrics> orleans)
    {
        if (reference.Count != orleans.Count)
        {
            return new SizeComparison(size, false, Math.Min(reference.Count, orleans.Count),
                $"row counts differ: reference {reference.Count}, orleans {orleans.Count}");
        }
        for (int i = 0; i < reference.Count; i++)
        {
            if (!reference[i].Equals(orleans[i]))
            {
                return new SizeComparison(size, false, i, $"tick {reference[i].Tick} scope {reference[i].Scope}: {reference[i]} vs {orleans[i]}");
            }
        }
        return new SizeComparison(size, reference.Count > 0, reference.Count, reference.Count > 0 ? null : "no rows");
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux), so a contended machine shows in the results.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static MachineInfo Machine(string loadAtStart)
    {
        string cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return new MachineInfo(cpu, Environment.ProcessorCount, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
            GcMode(),
            loadAtStart, LoadAverage());
    }

    /// <summary>
    /// The GC's kind as the runtime resolved it (environment variables included): server or workstation,
    /// with or without DATAS (dynamic adaptation, which sizes the server GC's heaps to the live data),
    /// concurrent or not — the settings docs/PERFORMANCE.md round 9 compares.
    /// </summary>
    private static string GcMode()
    {
        bool datas = GC.GetConfigurationVariables().TryGetValue("GCDynamicAdaptationMode", out object? mode)
            && Convert.ToInt64(mode, CultureInfo.InvariantCulture) == 1;
        return (GCSettings.IsServerGC ? datas ? "server (DATAS)" : "server" : "workstation")
            + (GCSettings.LatencyMode == GCLatencyMode.Batch ? ", non-concurrent" : ", concurrent");
    }

    /// <summary>Times each tick of an engine that reports ticks synchronously (the reference engine).</summary>
    private sealed class TickClock : IProgress<TickMetrics>
    {
        private readonly List<double> _seconds = new();
        private readonly List<long> _ends = new();
        private long _last;

        public void Start() => _last = Stopwatch.GetTimestamp();

        public void Report(TickMetrics value)
        {
            long now = Stopwatch.GetTimestamp();
            _seconds.Add(Stopwatch.GetElapsedTime(_last, now).TotalSeconds);
            _ends.Add(now);
            _last = Stopwatch.GetTimestamp();
        }

        public double[] Seconds => _seconds.ToArray();

        /// <summary>When each tick was reported (its end; the next tick's start).</summary>
        public long[] Ends => _ends.ToArray();
    }
}
