using System.Diagnostics;

namespace OrleansGov.Client.Bench;

/// <summary>One tick's place in time: <see cref="Stopwatch"/> timestamps of its start and end.</summary>
public readonly record struct TickWindow(long Start, long End);

/// <summary>One tick: its time and the collections that ended in it (gen 0 counts only gen 0 collections, and so on), with the pause they cost.</summary>
public sealed record TickGc(int Tick, double Ms, int Gen0, int Gen1, int Gen2, double PauseMs);

/// <summary>
/// Where a run's wall time went: tick 0, the first few ticks after it, the later ticks that had a
/// blocking gen 2 collection, the other ("steady") ticks, and the time outside any tick (the run's
/// set-up before tick 0 and its end after the last).
/// </summary>
public sealed record RunTimeBudget(
    double Tick0Ms,
    int EarlyTicks,
    double EarlyTicksMs,
    int Gen2Ticks,
    double Gen2TicksMs,
    int SteadyTicks,
    double SteadyTicksMs,
    double OutsideTicksMs);

/// <summary>
/// The tick times after tick 0 (nearest-rank percentiles: the p-th is the smallest time that at least
/// p % of the ticks do not exceed), the collections in those ticks, the slowest ticks with their
/// collections, tick 0 with its own, and the run's time budget.
/// </summary>
public sealed record TickDistribution(
    int Ticks,
    double MedianMs,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    int Gen0,
    int Gen1,
    int Gen2,
    double PauseMs,
    TickGc? Tick0,
    IReadOnlyList<TickGc> Slowest,
    RunTimeBudget Budget);

/// <summary>
/// Places a run's collections in its ticks and summarises the tick times. Pure: the windows and GC
/// samples are timestamps, so tests give recorded ones (no clock is read here).
/// </summary>
public static class TickTimeline
{
    /// <summary>Ticks right after tick 0 counted apart in <see cref="RunTimeBudget"/> (the first calls of freshly activated grains).</summary>
    public const int EarlyTicks = 3;

    /// <summary>How many of the slowest ticks after tick 0 the report lists.</summary>
    public const int SlowestListed = 5;

    /// <summary>
    /// Each tick with the collections whose sample fell in its window (a sample between two ticks goes
    /// to neither). Consecutive samples' differences are the collections between them: a sample's
    /// gen 2 count includes the gen 2 collections, its gen 1 count gen 1 and gen 2 ones, and so on.
    /// </summary>
    public static TickGc[] Place(IReadOnlyList<TickWindow> ticks, IReadOnlyList<GcSample> samples)
    {
        var placed = new (int Gen0, int Gen1, int Gen2, TimeSpan Pause)[ticks.Count];
        for (int i = 1; i < samples.Count; i++)
        {
            var (before, after) = (samples[i - 1], samples[i]);
            int tick = IndexOf(ticks, after.Timestamp);
            if (tick < 0)
            {
                continue;
            }
            int gen2 = after.Gen2 - before.Gen2, gen1 = after.Gen1 - before.Gen1, all = after.Gen0 - before.Gen0;
            var p = placed[tick];
            placed[tick] = (p.Gen0 + all - gen1, p.Gen1 + gen1 - gen2, p.Gen2 + gen2, p.Pause + (after.Paused - before.Paused));
        }
        return ticks.Select((w, i) => new TickGc(i, Ms(w.End - w.Start), placed[i].Gen0, placed[i].Gen1, placed[i].Gen2, placed[i].Pause.TotalMilliseconds))
            .ToArray();
    }

    /// <summary>
    /// Windows from each tick's end and its own time (the Orleans engine: the coordinator times the
    /// tick, the bench's silo stamps its end). A missing end is taken as the previous end plus the
    /// tick's time (<paramref name="runStart"/> before tick 0).
    /// </summary>
    public static TickWindow[] FromEnds(IReadOnlyList<long?> ends, IReadOnlyList<double> seconds, long runStart)
    {
        var windows = new TickWindow[seconds.Count];
        long previousEnd = runStart;
        for (int i = 0; i < seconds.Count; i++)
        {
            long length = (long)(seconds[i] * Stopwatch.Frequency);
            long end = i < ends.Count && ends[i] is { } stamped ? stamped : previousEnd + length;
            windows[i] = new TickWindow(end - length, end);
            previousEnd = end;
        }
        return windows;
    }

    /// <summary>Windows from consecutive timestamps (the reference engine: each tick starts where the last ended).</summary>
    public static TickWindow[] FromBoundaries(long runStart, IReadOnlyList<long> ends) =>
        ends.Select((end, i) => new TickWindow(i == 0 ? runStart : ends[i - 1], end)).ToArray();

    public static TickDistribution Summarise(IReadOnlyList<TickGc> ticks, double wallSeconds)
    {
        var later = ticks.Skip(1).ToArray();
        var sorted = later.Select(t => t.Ms).Order().ToArray();
        var early = later.Take(EarlyTicks).ToArray();
        var rest = later.Skip(EarlyTicks).ToArray();
        var gen2 = rest.Where(t => t.Gen2 > 0).ToArray();
        var budget = new RunTimeBudget(
            Tick0Ms: ticks.Count > 0 ? ticks[0].Ms : 0,
            EarlyTicks: early.Length,
            EarlyTicksMs: early.Sum(t => t.Ms),
            Gen2Ticks: gen2.Length,
            Gen2TicksMs: gen2.Sum(t => t.Ms),
            SteadyTicks: rest.Length - gen2.Length,
            SteadyTicksMs: rest.Where(t => t.Gen2 == 0).Sum(t => t.Ms),
            OutsideTicksMs: Math.Max(0, 1000 * wallSeconds - ticks.Sum(t => t.Ms)));
        return new TickDistribution(
            Ticks: later.Length,
            MedianMs: Percentile(sorted, 50),
            P90Ms: Percentile(sorted, 90),
            P99Ms: Percentile(sorted, 99),
            MaxMs: sorted.Length == 0 ? 0 : sorted[^1],
            Gen0: later.Sum(t => t.Gen0),
            Gen1: later.Sum(t => t.Gen1),
            Gen2: later.Sum(t => t.Gen2),
            PauseMs: later.Sum(t => t.PauseMs),
            Tick0: ticks.Count > 0 ? ticks[0] : null,
            Slowest: later.OrderByDescending(t => t.Ms).ThenBy(t => t.Tick).Take(SlowestListed).ToArray(),
            Budget: budget);
    }

    /// <summary>Nearest rank: the value at rank ⌈p/100 · n⌉ of the sorted values (0 with none).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }
        int rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private static int IndexOf(IReadOnlyList<TickWindow> ticks, long timestamp)
    {
        for (int i = 0; i < ticks.Count; i++)
        {
            if (timestamp >= ticks[i].Start && timestamp < ticks[i].End)
            {
                return i;
            }
        }
        return -1;
    }

    private static double Ms(long stopwatchTicks) => 1000.0 * stopwatchTicks / Stopwatch.Frequency;
}
