using OrleansGov.Client.Calibration;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Calibration;

/// <summary>Which parameters decide a claim: read from the counting conditions' Sobol total indices, by the names the sensitivity verb gives them.</summary>
public sealed class SobolDecidersTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_claims_deciders_come_from_its_counting_conditions_named_as_the_sensitivity_verb_names_them()
    {
        // C7 of the committed claims: refusals (counting) and the within-government sharing rate (for information).
        var claims = Client.Claims.ClaimsParser.Load(Path.Combine(Dashboard.DashboardApiTests.FindRepoRoot(), "scenarios", "experiments", "claims.yaml"));
        var c7 = claims.Claims.Single(c => c.Id == "C7");
        var names = Client.Sensitivity.SensitivityParser.OutputNames(c7);
        Assert.Equal(["C7:accountability-vs-no-accountability.sharing_refusals", "C7:accountability-vs-no-accountability.share_within_rate"], names);
        Directory.CreateDirectory(_dir.Combine("sobol"));
        _dir.Write("sobol/indices.csv", string.Join('\n',
            "method,output,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi",
            $"sobol,{names[0]},levers.linkage,0.2,0.1,0.3,0.30,0.20,0.40",
            $"sobol,{names[0]},constants.migration.rate,0.0,-0.1,0.1,0.02,0.00,0.04",
            $"sobol,{names[0]},levers.participation,0.1,-0.5,0.6,0.90,-0.40,2.20",
            $"sobol,{names[1]},constants.migration.rate,0.8,0.7,0.9,0.90,0.80,1.00") + "\n");
        var sobol = SobolIndicesFile.Read(_dir.Combine("sobol"));
        string counting = sobol.Deciders("C7", [.. names.Where((_, i) => c7.Conditions[i].Counts)]);
        Assert.Contains("levers.linkage (ST 0.30 [0.20, 0.40]", counting);
        Assert.DoesNotContain("migration", counting);
        // A large index whose CI reaches below the threshold names nobody, even when it is a parameter's largest.
        Assert.DoesNotContain("participation", counting);
        Assert.Contains("constants.migration.rate", sobol.Deciders("C7"));

        // C3: directive binding's largest index is on the difference in differences, with a CI reaching below 0;
        // its clear index on the decay penalty still names it (the committed Sobol analysis has this case).
        var c3 = claims.Claims.Single(c => c.Id == "C3");
        var n3 = Client.Sensitivity.SensitivityParser.OutputNames(c3);
        _dir.Write("sobol/indices.csv", string.Join('\n',
            "method,output,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi",
            $"sobol,{n3[0]},mechanisms.directive-binding,0.3,0.1,0.5,1.38,0.81,1.94",
            $"sobol,{n3[1]},mechanisms.directive-binding,0.3,-0.5,1.1,1.45,-0.78,3.68") + "\n");
        Assert.Contains("mechanisms.directive-binding (ST 1.38 [0.81, 1.94], authority-nodecay-vs-authority)", SobolIndicesFile.Read(_dir.Combine("sobol")).Deciders("C3", n3.ToList()));

        // No CI clears the threshold (C6 at N = 32: three indices ≈ 0.55 with CIs reaching below 0): the largest are
        // named as unclear — not "variance between seeds", which the Sobol sample (one set of seeds for every point) cannot have.
        var c6 = Client.Sensitivity.SensitivityParser.OutputNames(claims.Claims.Single(c => c.Id == "C6"));
        _dir.Write("sobol/indices.csv", string.Join('\n',
            "method,output,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi",
            $"sobol,{c6[0]},mechanisms.overlapping-structures,0.2,-0.3,0.7,0.58,-0.17,1.33",
            $"sobol,{c6[0]},mechanisms.directive-binding,0.2,-0.3,0.7,0.54,0.02,1.06",
            $"sobol,{c6[0]},levers.linkage,0.0,-0.1,0.1,0.01,-0.01,0.03") + "\n");
        string unclear = SobolIndicesFile.Read(_dir.Combine("sobol")).Deciders("C6", c6.ToList());
        Assert.StartsWith("none clearly (95 % CIs reach below 0.05); largest: mechanisms.overlapping-structures (ST 0.58 [-0.17, 1.33]", unclear);
        Assert.Contains("mechanisms.directive-binding (ST 0.54", unclear);
        Assert.DoesNotContain("linkage", unclear);
        Assert.DoesNotContain("seeds", unclear);
    }
}
