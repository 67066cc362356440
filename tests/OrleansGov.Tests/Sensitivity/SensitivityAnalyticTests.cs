using System.Globalization;
using OrleansGov.Client.Sensitivity;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Sensitivity;

/// <summary>
/// Known analytic cases computed through the verb's own path — the file parser, the plan, the analysis
/// and the indices.csv writer — with a test function plugged where the runs' measures would be read.
/// </summary>
public sealed class SensitivityAnalyticTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string ThreeLevers = """
          levers.accountability: [0, 1]
          levers.linkage: [0, 1]
          levers.outsourcing: [0, 1]
        """;

    /// <summary>A sensitivity file over <paramref name="ranges"/> (default: three levers, each [0, 1]) of the small scenario.</summary>
    private static string File(string method, string ranges = ThreeLevers) => $"""
        name: analytic
        scenario: small
        ticks: 10
        seed: 11
        {method}
        bootstrap: 500
        max-runs: 100000
        ranges:
        {ranges}
        outputs:
          - {"{"} metric: cloud_adoption, statistic: final {"}"}
        """;

    /// <summary>Runs the plan with <paramref name="f"/> of the sampled values in place of simulations and reads back indices.csv.</summary>
    private Dictionary<string, string[]> Indices(string method, Func<double[], double> f, string ranges = ThreeLevers, Func<SensitivityPlan, SensitivityPlan>? alter = null)
    {
        var design = SensitivityParser.Parse(File(method, ranges), "analytic.yaml", _dir.Path);
        var plan = alter is null ? design.Plan : alter(design.Plan);
        var values = plan.Values();
        var result = SensitivityAnalysis.Analyse(plan, (point, config, replicate) => [f(values[point])]);
        SensitivityReport.Write(_dir.Path, plan, result);
        var lines = System.IO.File.ReadAllLines(_dir.Combine(SensitivityReport.IndicesCsv));
        Assert.Equal(string.Join(",", plan.Method == "sobol" ? SensitivityReport.SobolHeader : SensitivityReport.MorrisHeader), lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[2], c => c);
    }

    private static double D(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);

    /// <summary>Each exact value lies inside the 95% bootstrap interval (columns lo, hi) and near the estimate.</summary>
    private static void Within(string[] row, int estimate, double exact, double tolerance)
    {
        double value = D(row[estimate]), low = D(row[estimate + 1]), high = D(row[estimate + 2]);
        Assert.True(low <= exact && exact <= high, $"{row[2]}: exact {exact} outside the CI [{low}, {high}] of estimate {value}");
        Assert.True(Math.Abs(value - exact) < tolerance, $"{row[2]}: estimate {value}, exact {exact}");
    }

    [Fact]
    public void Ishigami_indices_match_the_exact_values_within_their_bootstrap_CIs()
    {
        // Ishigami and Homma (1990), a = 7, b = 0.1 on [−π, π]³: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437.
        static double Ishigami(double[] v)
        {
            double x1 = -Math.PI + 2 * Math.PI * v[0], x2 = -Math.PI + 2 * Math.PI * v[1], x3 = -Math.PI + 2 * Math.PI * v[2];
            return Math.Sin(x1) + 7 * Math.Sin(x2) * Math.Sin(x2) + 0.1 * Math.Pow(x3, 4) * Math.Sin(x1);
        }
        var rows = Indices("method: sobol\nsamples: 1024", Ishigami);
        Within(rows["levers.accountability"], 3, 0.3139, 0.05);
        Within(rows["levers.linkage"], 3, 0.4424, 0.05);
        Within(rows["levers.outsourcing"], 3, 0.0, 0.05);
        Within(rows["levers.accountability"], 6, 0.5576, 0.05);
        Within(rows["levers.linkage"], 6, 0.4424, 0.05);
        Within(rows["levers.outsourcing"], 6, 0.2437, 0.05);
    }

    [Fact]
    public void Linear_model_indices_are_the_squared_coefficients_shares()
    {
        // y = x1 + 2·x2 + 3·x3, xi uniform on [0, 1]: Vi ∝ ci², no interactions, so S1 = ST = 1/14, 4/14, 9/14.
        var rows = Indices("method: sobol\nsamples: 512", v => v[0] + 2 * v[1] + 3 * v[2]);
        double[] exact = [1 / 14.0, 4 / 14.0, 9 / 14.0];
        string[] names = ["levers.accountability", "levers.linkage", "levers.outsourcing"];
        for (int i = 0; i < 3; i++)
        {
            Within(rows[names[i]], 3, exact[i], 0.03);
            Within(rows[names[i]], 6, exact[i], 0.03);
        }
    }

    /// <summary>
    /// 16 parameters of the small scenario: x = levers.accountability (position 1, [0, 1]) and the switch
    /// s = mechanisms.free-riding at position 10, the others unused by the test function. With N = 64 and
    /// k = 16, SALib's B column of position 10 (dimension 26) has the same first-bit form as its A column
    /// (dimension 10) over the 64 base points: A and B disagree on s in every row.
    /// </summary>
    private const string SwitchAndFifteen = """
          levers.accountability: [0, 1]
          levers.linkage: [0, 1]
          levers.outsourcing: [0, 1]
          preconditions.willingness: [0.1, 0.7]
          preconditions.social-maturity: [0.15, 0.45]
          constants.migration.rate: [0.125, 0.375]
          mechanisms.negotiation.request-rate: [0.04, 0.16]
          mechanisms.attention.decay: [false, true]
          mechanisms.arbitration: [false, true]
          mechanisms.free-riding: [false, true]
          mechanisms.peer-learning: [false, true]
          mechanisms.responsiveness: [false, true]
          mechanisms.formalism: [false, true]
          mechanisms.crowding-out: [false, true]
          mechanisms.coordination-cost: [false, true]
          mechanisms.switching-cost: [false, true]
        """;

    [Fact]
    public void A_switch_and_a_real_with_an_interaction_give_their_exact_indices()
    {
        // f = a·s + b·x + c·s·x with s ∈ {0, 1} (a switch: P(s = 1) = ½, as the planner maps u ≥ ½ to true) and
        // x ~ U(0, 1), independent; a = b = 1, c = 2. Then
        //   E[f | s] = s·(a + c/2) + b/2          → V_s = Var(s)·(a + c/2)² = (a + c/2)²/4 = 1
        //   E[f | x] = a/2 + x·(b + c/2)          → V_x = Var(x)·(b + c/2)² = (b + c/2)²/12 = 1/3
        //   V = E[Var(f | x)] + Var(E[f | x]) = E[(a + c·x)²]/4 + V_x = (a² + a·c + c²/3)/4 + V_x = 13/12 + 4/12 = 17/12
        //   V_sx = V − V_s − V_x = c²/48 = 1/12
        // so S1_s = 12/17, ST_s = 13/17, S1_x = 4/17, ST_x = 5/17 (the other 14 parameters: 0).
        // With SALib's columns A and B disagree on s in all 64 base rows, so AB_s always flips it and Jansen's
        // ST_s reads E[(a + c·x)²]/2/V = 26/17 ≈ 1.53 — twice the truth — and S1_s ≈ 1.4: outside the CIs below.
        static double F(double[] v) => v[9] + v[0] + 2 * v[9] * v[0];
        var rows = Indices("method: sobol\nsamples: 64", F, SwitchAndFifteen);
        Within(rows["mechanisms.free-riding"], 3, 12 / 17.0, 0.05);
        Within(rows["mechanisms.free-riding"], 6, 13 / 17.0, 0.05);
        Within(rows["levers.accountability"], 3, 4 / 17.0, 0.05);
        Within(rows["levers.accountability"], 6, 5 / 17.0, 0.05);
        Within(rows["levers.linkage"], 6, 0, 0.01);

        // The same check on SALib's columns (what a plan without a pairing runs) fails: this test can fail.
        var salib = Indices("method: sobol\nsamples: 64", F, SwitchAndFifteen, plan => plan with { Pairing = null });
        Assert.True(D(salib["mechanisms.free-riding"][7]) > 1.0, $"SALib's columns: ST_s CI starts at {salib["mechanisms.free-riding"][7]}");
    }

    [Fact]
    public void Morris_on_a_linear_model_gives_the_exact_effects_and_no_spread()
    {
        // y = 4·x1 − 2·x2 + 0·x3: every elementary effect of xi is ci·(max − min) = ci, so μ = ci, μ* = |ci|, σ = 0.
        var rows = Indices("method: morris\ntrajectories: 12\nlevels: 4", v => 4 * v[0] - 2 * v[1]);
        Assert.Equal(4, D(rows["levers.accountability"][3]), 9);
        Assert.Equal(-2, D(rows["levers.linkage"][3]), 9);
        Assert.Equal(2, D(rows["levers.linkage"][4]), 9);
        Assert.Equal(0, D(rows["levers.outsourcing"][4]), 9);
        Assert.All(rows.Values, r => Assert.Equal(0, D(r[7]), 9));
    }

    [Fact]
    public void Morris_ranks_influential_and_interacting_parameters()
    {
        // y = 10·x1 + x2 + 6·x1·x3: x1 most influential; x3 acts only through x1 (σ > 0); x2 linear and small (σ = 0).
        var rows = Indices("method: morris\ntrajectories: 20\nlevels: 4", v => 10 * v[0] + v[1] + 6 * v[0] * v[2]);
        double a = D(rows["levers.accountability"][4]), b = D(rows["levers.linkage"][4]), c = D(rows["levers.outsourcing"][4]);
        Assert.True(a > c && c > b, $"μ*: x1 {a}, x2 {b}, x3 {c}");
        Assert.True(D(rows["levers.outsourcing"][7]) > 0.5);
        Assert.Equal(0, D(rows["levers.linkage"][7]), 9);
        double low = D(rows["levers.accountability"][5]), high = D(rows["levers.accountability"][6]);
        Assert.True(low <= a && a <= high && low > c);
    }
}
