using OrleansGov.Client.Experiments;

namespace OrleansGov.Tests.Experiments;

public sealed class StatisticsTests
{
    /// <summary>Two-sided 95% critical values of Student's t from published tables (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2).</summary>
    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(4, 2.776)]
    [InlineData(8, 2.306)]
    [InlineData(10, 2.228)]
    [InlineData(19, 2.093)]
    [InlineData(30, 2.042)]
    [InlineData(100, 1.984)]
    [InlineData(1e7, 1.960)]
    public void T_quantile_matches_the_table(double df, double expected) =>
        Assert.Equal(expected, Statistics.TQuantile(0.975, df), 3);

    [Fact]
    public void T_quantile_is_symmetric_and_inverts_the_cdf()
    {
        Assert.Equal(-Statistics.TQuantile(0.9, 7.5), Statistics.TQuantile(0.1, 7.5), 12);
        Assert.Equal(0.975, Statistics.TCdf(Statistics.TQuantile(0.975, 12.3), 12.3), 10);
        Assert.Equal(0.5, Statistics.TCdf(0, 3), 12);
    }

    /// <summary>
    /// By hand: a = 1..5 has mean 3, SD √2.5 = 1.58114, SE 0.70711, t(0.975, 4) = 2.77645, so the CI is
    /// 3 ± 1.96324. b = 3..7 has mean 5 and the same SD. a − b = −2, Welch SE = √(2.5/5 + 2.5/5) = 1,
    /// df = 1² / (2 · 0.5²/4) = 8, t(0.975, 8) = 2.30600, so the CI is −2 ± 2.30600; pooled SD √2.5, d = −1.26491.
    /// </summary>
    [Fact]
    public void Summary_and_difference_match_a_hand_computed_example()
    {
        var a = Statistics.Summarize([1, 2, 3, 4, 5]);
        var b = Statistics.Summarize([3, double.NaN, 4, 5, 6, 7]);
        Assert.Equal(5, a.N);
        Assert.Equal(5, b.N); // NaN (an undefined value) is left out
        Assert.Equal(3, a.Mean, 12);
        Assert.Equal(1.5811388, a.Sd, 6);
        Assert.Equal(0.7071068, a.Se, 6);
        Assert.Equal(1.0367568, a.CiLow, 5);
        Assert.Equal(4.9632432, a.CiHigh, 5);

        var d = Statistics.Compare(a, b);
        Assert.Equal(-2, d.Value, 12);
        Assert.Equal(8, d.Df, 9);
        Assert.Equal(-4.3060041, d.CiLow, 5);
        Assert.Equal(0.3060041, d.CiHigh, 5);
        Assert.Equal(-1.2649111, d.CohensD, 6);
    }

    [Fact]
    public void Undefined_statistics_are_NaN()
    {
        var one = Statistics.Summarize([4]);
        Assert.Equal(4, one.Mean);
        Assert.True(double.IsNaN(one.Sd) && double.IsNaN(one.CiLow));
        Assert.True(double.IsNaN(Statistics.Summarize([]).Mean));
        var same = Statistics.Summarize([2, 2, 2]);
        Assert.Equal((2.0, 2.0), (same.CiLow, same.CiHigh));
    }
}
