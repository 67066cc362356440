using System.Diagnostics;
using OrleansGov.Client.Bench;

namespace OrleansGov.Tests.Bench;

/// <summary>
/// The tick-time distribution and the placing of collections in ticks, on recorded ticks and GC samples
/// (timestamps made up in milliseconds of the stopwatch's clock: no clock is read, no time asserted).
/// </summary>
public class TickTimelineTests
{
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    private static GcSample Sample(long atMs, int gen0, int gen1, int gen2, double pausedMs) =>
        new(atMs * Ms, gen0, gen1, gen2, TimeSpan.FromMilliseconds(pausedMs));

    [Fact]
    public void Each_collection_goes_to_the_tick_its_sample_fell_in_counted_by_its_own_generation()
    {
        TickWindow[] ticks = [new(0, 100 * Ms), new(100 * Ms, 200 * Ms), new(200 * Ms, 300 * Ms)];
        GcSample[] samples =
        [
            Sample(0, 10, 4, 1, 5),      // the counters before the run
            Sample(40, 12, 4, 1, 6),     // two gen 0 collections in tick 0
            Sample(150, 13, 5, 1, 9),    // a gen 1 collection in tick 1
            Sample(250, 14, 6, 2, 109),  // a gen 2 collection in tick 2, 100 ms of pause
            Sample(320, 15, 6, 2, 110),  // after the last tick: in none
        ];

        var placed = TickTimeline.Place(ticks, samples);

        Assert.Equal(new TickGc(0, 100, 2, 0, 0, 1), placed[0]);
        Assert.Equal(new TickGc(1, 100, 0, 1, 0, 3), placed[1]);
        Assert.Equal(new TickGc(2, 100, 0, 0, 1, 100), placed[2]);
    }

    [Fact]
    public void Nearest_rank_percentiles()
    {
        double[] hundred = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(50, TickTimeline.Percentile(hundred, 50));
        Assert.Equal(90, TickTimeline.Percentile(hundred, 90));
        Assert.Equal(99, TickTimeline.Percentile(hundred, 99));
        // A national run has 51 ticks after tick 0: its p99 is its slowest tick.
        double[] fiftyOne = Enumerable.Range(1, 51).Select(i => (double)i).ToArray();
        Assert.Equal(26, TickTimeline.Percentile(fiftyOne, 50));
        Assert.Equal(46, TickTimeline.Percentile(fiftyOne, 90));
        Assert.Equal(51, TickTimeline.Percentile(fiftyOne, 99));
        Assert.Equal(0, TickTimeline.Percentile([], 50));
    }

    [Fact]
    public void The_distribution_leaves_out_tick_0_and_the_budget_adds_up_to_the_wall_time()
    {
        // tick 0 1,600 ms; ticks 1-3 slow (first calls); a gen 2 collection in tick 6; the rest steady.
        double[] times = [1600, 300, 200, 150, 110, 120, 400, 115, 112];
        var ticks = times.Select((ms, i) => new TickGc(i, ms, 1, 0, i == 6 ? 1 : 0, i == 6 ? 250 : 2)).ToArray();

        var d = TickTimeline.Summarise(ticks, wallSeconds: 3.5);

        Assert.Equal(8, d.Ticks);
        Assert.Equal(120, d.MedianMs); // sorted: 110 112 115 120 150 200 300 400; rank 4
        Assert.Equal(400, d.P90Ms);
        Assert.Equal(400, d.MaxMs);
        Assert.Equal((8, 0, 1), (d.Gen0, d.Gen1, d.Gen2));
        Assert.Equal(7 * 2 + 250, d.PauseMs);
        Assert.Equal(1600, d.Tick0!.Ms);
        Assert.Equal([6, 1, 2, 3, 5], d.Slowest.Select(t => t.Tick));

        var b = d.Budget;
        Assert.Equal(1600, b.Tick0Ms);
        Assert.Equal((3, 650.0), (b.EarlyTicks, b.EarlyTicksMs));
        Assert.Equal((1, 400.0), (b.Gen2Ticks, b.Gen2TicksMs));
        Assert.Equal((4, 457.0), (b.SteadyTicks, b.SteadyTicksMs));
        Assert.Equal(3500 - times.Sum(), b.OutsideTicksMs, precision: 6);
    }

    [Fact]
    public void Windows_from_tick_ends_and_times_fill_a_missing_end_from_the_previous_one()
    {
        var windows = TickTimeline.FromEnds([500 * Ms, null, 900 * Ms], [0.4, 0.1, 0.2], runStart: 50 * Ms);

        Assert.Equal(new TickWindow(100 * Ms, 500 * Ms), windows[0]);
        Assert.Equal(new TickWindow(500 * Ms, 600 * Ms), windows[1]);
        Assert.Equal(new TickWindow(700 * Ms, 900 * Ms), windows[2]);
    }

    [Fact]
    public void Windows_from_boundaries_start_each_tick_where_the_last_ended()
    {
        var windows = TickTimeline.FromBoundaries(10, [20, 35]);

        Assert.Equal([new TickWindow(10, 20), new TickWindow(20, 35)], windows);
    }

    [Fact]
    public void The_sampler_sees_a_forced_collection_and_it_lands_in_the_window_around_it()
    {
        using var sampler = new GcSampler();
        long start = Stopwatch.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var samples = sampler.Samples; // takes a sample now if the counters moved
        long end = Stopwatch.GetTimestamp() + 1;

        var placed = TickTimeline.Place([new TickWindow(start, end)], samples);

        Assert.True(placed[0].Gen2 >= 1, $"gen 2 collections placed: {placed[0].Gen2}");
    }
}
