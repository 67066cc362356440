using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Claims;

/// <summary>
/// Contrasts over paired replicates, checked against numbers computed by hand, and the reduction of a
/// run's metrics.csv to a milestone.
/// </summary>
public sealed class PairedContrastTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Dictionary<string, int> AMinusB = new() { ["a"] = 1, ["b"] = -1 };

    [Fact]
    public void A_two_arm_contrast_uses_the_pairing_of_seeds()
    {
        // Replicate r of both arms ran with the same seed. Differences 1, 1.5, 1, 1.5:
        // mean 1.25, SD √(4·0.0625/3) = 0.288675, SE 0.144338, t(0.975, 3) = 3.182446 → half-width 0.459343,
        // 95% CI [0.790657, 1.709343]. The arms' own SDs are 2.581989 and 2.466441 (pooled 2.524876), so
        // Welch's interval, which ignores the pairing, is [−3.12, 5.62] and would decide nothing.
        var values = new Dictionary<string, double[]> { ["a"] = [10, 12, 14, 16], ["b"] = [9, 10.5, 13, 14.5] };
        var effect = PairedContrast.Estimate(AMinusB, values);
        Assert.Equal("paired", effect.Method);
        Assert.Equal(4, effect.N);
        Assert.Equal(0, effect.LeftOut);
        Assert.Equal(1.25, effect.Value, 12);
        Assert.Equal(0.790653442, effect.CiLow, 8);
        Assert.Equal(1.709346558, effect.CiHigh, 8);
        Assert.Equal(2.524876235, effect.SdPooled, 8);
        Assert.Equal(1.25 / 2.524876235, effect.CohensD, 8);

        var welch = Statistics.Compare(Statistics.Summarize(values["a"]), Statistics.Summarize(values["b"]));
        Assert.True(welch.CiLow < 0 && welch.CiHigh > 0);
        var condition = new ClaimCondition("a > b", AMinusB, +1, new Measure("cloud_adoption", "nation", ClaimStatistic.Final), 0.5, Counts: true);
        Assert.Equal(Verdict.Supported, ClaimsEvaluation.Outcome(condition, values).Verdict);
    }

    [Fact]
    public void A_three_arm_contrast_is_computed_per_replicate_and_incomplete_replicates_are_left_out()
    {
        // high − 2·low + loose per replicate: 0.9 − 1.0 + 0.3 = 0.2; 0.8 − 0.9 + 0.2 = 0.1; 0.85 − 0.8 + 0.25 = 0.3.
        // Mean 0.2, SD 0.1, SE 0.057735, t(0.975, 2) = 4.302653 → CI [−0.048414, 0.448414]. The fourth
        // replicate has no value for low (a failed run) and is left out of every arm.
        var weights = new Dictionary<string, int> { ["high"] = 1, ["low"] = -2, ["loose"] = 1 };
        var values = new Dictionary<string, double[]>
        {
            ["high"] = [0.9, 0.8, 0.85, 0.1],
            ["low"] = [0.5, 0.45, 0.4, double.NaN],
            ["loose"] = [0.3, 0.2, 0.25, 0.9],
        };
        var effect = PairedContrast.Estimate(weights, values);
        Assert.Equal(3, effect.N);
        Assert.Equal(1, effect.LeftOut);
        Assert.Equal(0.2, effect.Value, 12);
        Assert.Equal(-0.048413, effect.CiLow, 5);
        Assert.Equal(0.448413, effect.CiHigh, 5);
        // The arm means are over the same three replicates, so the contrast of the means is the effect.
        Assert.Equal(0.85, PairedContrast.Arm("high", weights, values).Mean, 12);
        Assert.Equal(0.25, PairedContrast.Arm("loose", weights, values).Mean, 12);
    }

    [Fact]
    public void The_reduction_is_paired_across_the_two_settings()
    {
        // Effect with: 0.4, 0.4, 0.4; without: 0.1, 0.1, −0.2 → s·(with − without) = 0.3, 0.3, 0.6 (mean 0.4).
        var with = new Dictionary<string, double[]> { ["a"] = [0.5, 0.6, 0.7], ["b"] = [0.1, 0.2, 0.3] };
        var without = new Dictionary<string, double[]> { ["a"] = [0.2, 0.3, 0.1], ["b"] = [0.1, 0.2, 0.3] };
        var reduction = PairedContrast.Reduction(AMinusB, +1, with, without);
        Assert.Equal(3, reduction.N);
        Assert.Equal(0.4, reduction.Value, 12);
        Assert.Equal(-0.4, PairedContrast.Reduction(AMinusB, -1, with, without).Value, 12);
    }

    [Fact]
    public void A_run_is_reduced_to_the_first_tick_a_milestone_is_reached()
    {
        string path = _dir.Write("metrics.csv", """
            tick,scope,cloud_adoption,fragmentation
            0,nation,0.1,0.9
            0,p,0.0,1.0
            1,nation,0.3,0.6
            1,p,0.6,0.4
            2,nation,0.55,0.45
            2,p,0.7,0.3
            3,nation,0.5,0.5
            3,p,0.8,0.2

            """.Replace("\r\n", "\n"));
        Measure M(string metric, string scope, ClaimStatistic s) => new(metric, scope, s);
        var values = ClaimsAnalysis.ReadRun(path,
        [
            M("cloud_adoption", "nation", new ClaimStatistic("tick-at-least", Threshold: 0.5)),
            M("cloud_adoption", "p", new ClaimStatistic("tick-at-least", Threshold: 0.5)),
            M("fragmentation", "nation", new ClaimStatistic("tick-at-most", Threshold: 0.5)),
            M("cloud_adoption", "nation", new ClaimStatistic("tick-at-least", Threshold: 0.9)),
            M("cloud_adoption", "nation", ClaimStatistic.Final),
        ]);
        Assert.Equal(2, values[0]);           // 0.55 at tick 2 (and it stays the first even though tick 3 dips)
        Assert.Equal(1, values[1]);
        Assert.Equal(2, values[2]);
        Assert.True(double.IsNaN(values[3])); // never reached: undefined, not the last tick
        Assert.Equal(0.5, values[4]);
    }
}
