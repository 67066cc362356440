using OrleansGov.Metrics;

namespace OrleansGov.Tests.Model;

public class MetricsAccumulatorTests
{
    private static MetricsAccumulator County(int migrated, int total, double attention)
    {
        var tally = new MetricsAccumulator { SystemsMigrated = migrated, SystemsTotal = total, Departments = 1 };
        tally.AddAttention(attention);
        tally.CloseCounty();
        return tally;
    }

    [Fact]
    public void Merging_in_any_order_gives_identical_metrics()
    {
        var parts = new[] { County(1, 4, 0.1), County(0, 3, 0.7), County(3, 3, 0.3333333), County(2, 5, 0.9) };
        var forward = new MetricsAccumulator();
        foreach (var p in parts) forward.Merge(p);
        var backward = new MetricsAccumulator();
        foreach (var p in parts.Reverse()) backward.Merge(p);
        Assert.Equal(forward.ToMetrics(1, "x"), backward.ToMetrics(1, "x"));
    }

    [Fact]
    public void Gini_matches_a_hand_computed_value()
    {
        // Adoption 0, 0, 0, 1: G = sum((2i-n-1) x_i) / (n sum x) = (3 * 1) / (4 * 1) = 0.75.
        var tally = new MetricsAccumulator();
        foreach (var c in new[] { County(0, 2, 0), County(0, 2, 0), County(2, 2, 0), County(0, 5, 0) }) tally.Merge(c);
        Assert.Equal(0.75, tally.Gini(), 12);
        var equal = new MetricsAccumulator();
        foreach (var c in new[] { County(1, 2, 0), County(2, 4, 0) }) equal.Merge(c);
        Assert.Equal(0.0, equal.Gini(), 12);
    }

    [Fact]
    public void Ratios_are_nan_until_defined()
    {
        var metrics = new MetricsAccumulator().ToMetrics(0, "nation");
        Assert.True(double.IsNaN(metrics.CloudAdoption));
        Assert.True(double.IsNaN(metrics.ShareWithinRate));
        Assert.True(double.IsNaN(metrics.ImbalanceGini));
        var tally = new MetricsAccumulator { SystemsTotal = 8, SystemsMigrated = 2 };
        tally.Deals[1] = 3;
        tally.Closed[1] = 4;
        var m = tally.ToMetrics(0, "p");
        Assert.Equal(0.25, m.CloudAdoption);
        Assert.Equal(0.75, m.ShareRegionRate);
        Assert.Equal(3, m.ShareRegionDeals);
    }

    [Fact]
    public void The_county_sd_grows_smoothly_when_the_first_systems_move_where_the_gini_jumps()
    {
        // 99 counties at 0, one with 1 of 100 systems migrated.
        var tally = new MetricsAccumulator();
        for (int i = 0; i < 99; i++) tally.Merge(County(0, 100, 0));
        tally.Merge(County(1, 100, 0));
        Assert.True(tally.Gini() > 0.98);
        Assert.InRange(tally.CountySd(), 0, 0.001);
        // Hand computed: values 0, 0, 1 → mean 1/3, SD = sqrt(((1/3)² · 2 + (2/3)²) / 3) = sqrt(2)/3.
        var three = new MetricsAccumulator();
        foreach (var c in new[] { County(0, 2, 0), County(2, 2, 0), County(0, 5, 0) }) three.Merge(c);
        Assert.Equal(Math.Sqrt(2) / 3, three.CountySd(), 12);
        Assert.True(double.IsNaN(new MetricsAccumulator().CountySd()));
    }

    [Fact]
    public void Reported_adoption_paper_share_fragmentation_and_complaints_come_from_their_tallies()
    {
        var tally = new MetricsAccumulator
        {
            SystemsTotal = 10, SystemsMigrated = 4, SystemsReported = 6, PaperSystems = 2,
            NeedsTotal = 8, NeedsUnmet = 2, Groups = 4, ComplainingGroups = 1, ParticipatingGroups = 3,
        };
        var m = tally.ToMetrics(0, "p");
        Assert.Equal((0.4, 0.6, 2 / 6.0, 0.25, 0.25, 0.75), (m.CloudAdoption, m.ReportedAdoption, m.PaperShare, m.Fragmentation, m.Complaints, m.Participation));
    }

    [Fact]
    public void Recent_windows_are_differences_of_the_rows_cumulative_counts_and_cumulative_until_the_window_is_full()
    {
        var window = new OrleansGov.Engine.MetricsWindow(scopes: 1, window: 3, complianceWindow: 2);
        static ScopeMetrics[] Row(int tick, long deals, long closed, long due, long met)
        {
            var tally = new MetricsAccumulator { DirectivesDue = due, DirectivesMet = met };
            tally.Deals[0] = deals;
            tally.Closed[0] = closed;
            return [tally.ToMetrics(tick, "p")];
        }
        var t0 = window.Apply(Row(0, 1, 2, 1, 1))[0];                                     // tick 0: everything so far
        Assert.Equal((2L, 0.5, 1.0), (t0.ShareWithinClosedRecent, t0.ShareWithinRateRecent, t0.DirectiveComplianceRecent));
        window.Apply(Row(1, 3, 5, 3, 2));
        var t2 = window.Apply(Row(2, 6, 9, 5, 2))[0];
        Assert.Equal((9L, 6 / 9.0), (t2.ShareWithinClosedRecent, t2.ShareWithinRateRecent));  // sharing window (3) not full yet
        Assert.Equal(1 / 4.0, t2.DirectiveComplianceRecent);                              // compliance window of 2: ticks 1–2
        var t3 = window.Apply(Row(3, 10, 14, 8, 4))[0];
        Assert.Equal((12L, 9 / 12.0), (t3.ShareWithinClosedRecent, t3.ShareWithinRateRecent)); // ticks 1–3: 10 − 1, 14 − 2
        Assert.Equal(2 / 5.0, t3.DirectiveComplianceRecent);                              // ticks 2–3: 8 − 3, 4 − 2
        Assert.True(double.IsNaN(t3.ShareRegionRateRecent));
        Assert.Equal(0, t3.ShareRegionClosedRecent);
        Assert.Equal((8L, 4L), (t3.DirectivesDue, t3.DirectivesMet));                   // the cumulative counts travel in the row
    }

    [Fact]
    public void A_window_rebuilt_from_a_runs_rows_continues_exactly_as_the_uninterrupted_one()
    {
        var rows = Enumerable.Range(0, 9).Select(t =>
        {
            var tally = new MetricsAccumulator { DirectivesDue = 2 * t, DirectivesMet = t };
            tally.Deals[1] = t * t;
            tally.Closed[1] = t * t + t;
            return new[] { tally.ToMetrics(t, "p") };
        }).ToArray();
        var whole = new OrleansGov.Engine.MetricsWindow(scopes: 1, window: 4, complianceWindow: 3);
        var expected = rows.Select(whole.Apply).ToArray();
        var resumed = new OrleansGov.Engine.MetricsWindow(scopes: 1, window: 4, complianceWindow: 3);
        resumed.Replay(expected[..5]);                                                  // a checkpoint at tick 5 restores rows 0–4
        Assert.Equal(expected[5..].Select(r => r[0]), rows[5..].Select(resumed.Apply).Select(r => r[0]));
        Assert.Throws<InvalidOperationException>(() => resumed.Apply(rows[2]));        // ticks must come in order
    }

    [Fact]
    public void Metrics_csv_gets_a_date_column_last_only_when_the_scenario_has_a_start_date()
    {
        var rows = new[] { new MetricsAccumulator().ToMetrics(0, "nation"), new MetricsAccumulator().ToMetrics(1, "nation") };
        string Write(OrleansGov.Scenarios.Scenario s)
        {
            using var stream = new MemoryStream();
            OrleansGov.Client.Results.MetricsCsv.Write(stream, rows, s);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        var plain = OrleansGov.Tests.Support.TestScenarios.Small();
        var dated = plain with { StartDate = "2019-01-07" };
        var undated = Write(plain).Split('\n');
        var withDate = Write(dated).Split('\n');
        Assert.Equal(string.Join(",", OrleansGov.Client.Results.MetricColumns.Header), undated[0]);
        Assert.Equal(undated[0] + ",date", withDate[0]);
        Assert.EndsWith(",2019-01-14", withDate[2]);
        Assert.Equal(undated[1] + ",2019-01-07", withDate[1]);
    }
}
