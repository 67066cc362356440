using OrleansGov.Client.Experiments;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Experiments;

public sealed class ScenarioParametersTests
{
    private static readonly Scenario Three = ScenarioLoader.Load("three-provinces");

    private static Scenario Apply(string path, string value, Scenario? scenario = null)
    {
        scenario ??= Three;
        var p = ScenarioParameters.Resolve(path, scenario);
        return p.Apply(scenario, p.Parse(value));
    }

    [Fact]
    public void Global_paths_set_the_matching_fields()
    {
        Assert.Equal(new Dials(0.2, 0.85), Apply("mode", "cooperative").Dials);
        Assert.Equal("cooperative", Apply("mode", "cooperative").Mode);
        Assert.Equal(0.4, Apply("dials.vertical", "0.4").Dials.Vertical);
        Assert.Equal(0.7, Apply("levers.accountability", "0.7").Levers.Accountability);
        Assert.True(Apply("levers.national-chief", "true").Levers.NationalChief);
        Assert.False(Apply("mechanisms.attention.decay", "false").Mechanisms.Attention.Decay);
        Assert.Equal(0.05, Apply("mechanisms.attention.decay-per-tick", "0.05").Mechanisms.Attention.DecayPerTick);
        Assert.Equal(3, Apply("mechanisms.negotiation.max-rounds", "3").Mechanisms.Negotiation.MaxRounds);
        Assert.Equal(0.6, Apply("preconditions.willingness", "0.6").Preconditions.Willingness);
    }

    [Fact]
    public void Ticks_drop_timeline_events_past_the_end_as_run_does()
    {
        var s = Apply("ticks", "120");
        Assert.Equal(120, s.Ticks);
        Assert.All(s.Timeline, e => Assert.True(e.Tick < 120));
        Assert.Single(s.Timeline); // three-provinces: tick 104 kept, tick 150 dropped
    }

    [Fact]
    public void Province_selectors_pick_one_province_or_all()
    {
        string before = System.Text.Json.JsonSerializer.Serialize(Three, OrleansGov.Client.Results.Manifest.Json);
        var all = Apply("provinces[*].enterprises", "12");
        Assert.All(all.Provinces, p => Assert.Equal(12, p.Enterprises));
        var one = Apply("provinces[guizhou].office.rank", "low");
        Assert.Equal(OfficeRank.Low, one.Provinces[0].Office.Rank);
        Assert.Equal(Three.Provinces[1], one.Provinces[1]);
        Assert.Equal(7, Apply("provinces[2].chiefs.system-chiefs", "7").Provinces[2].Chiefs.SystemChiefs);
        Assert.Null(Apply("provinces[chongqing].office.upgrade-at-tick", "none").Provinces[1].Office.UpgradeAtTick);
        Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(Three, OrleansGov.Client.Results.Manifest.Json)); // the base scenario is never modified
        Assert.Equal(40, Three.Provinces[0].Enterprises);
    }

    [Theory]
    [InlineData("levers.acountability", "0.5", "unknown parameter")]
    [InlineData("seed", "1", "replicates")]
    [InlineData("provinces[tibet].enterprises", "3", "no province 'tibet'")]
    [InlineData("provinces[*].colour", "3", "unknown province parameter")]
    [InlineData("levers.accountability", "1.5", "between 0 and 1")]
    [InlineData("mode", "anarchic", "unknown value")]
    [InlineData("provinces[*].enterprises", "-1", "must not be negative")]
    [InlineData("provinces[*].enterprises", "2.5", "whole number")]
    [InlineData("levers.national-chief", "yes", "true or false")]
    [InlineData("provinces[guizhou].office.upgrade-at-tick", "260", "at most 259")]
    [InlineData("provinces[guizhou].cities", "200", "at least cities")]
    public void Bad_paths_and_values_are_refused(string path, string value, string expected)
    {
        var ex = Assert.Throws<ParameterException>(() => Apply(path, value));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Every_model_constant_is_a_parameter_with_its_own_kind_and_range()
    {
        foreach (var c in Constants.All)
        {
            var p = ScenarioParameters.Resolve(c.ParameterPath, Three);
            Assert.True(p.IsNumeric);
            Assert.Equal(c.IsInteger ? ParameterKind.Integer : c.Kind == ConstantKind.Fraction ? ParameterKind.Fraction : ParameterKind.Real, p.Kind);
            if (c.IsInteger) Assert.Equal(((long)c.Min, (long)c.Max), (p.Min, p.Max));
            else Assert.Equal((c.Min, c.Max), (p.RealMin, p.RealMax));
        }
        Assert.Equal(0.3, Apply("constants.migration.rate", "0.3").Constants[Constants.MigrationRate]);
        Assert.Equal(3.5, Apply("constants.plan.years", "3.5").Constants[Constants.PlanYears]);
        Assert.Equal(6, Apply("constants.periods.directive", "6").Constants.Int(Constants.DirectivePeriod));
        Assert.Equal(ConstantValues.Defaults, Three.Constants); // the base is never modified
        // A sampled value is checked against the constant's own range.
        var years = ScenarioParameters.Resolve("constants.plan.years", Three);
        Assert.Equal("4", years.Fraction(4).Text);
        Assert.Throws<ParameterException>(() => years.Fraction(60));
    }

    [Theory]
    [InlineData("constants.migration.speed", "0.3", "constants of migration: rate")]
    [InlineData("constants.migraton.rate", "0.3", "unknown constant group")]
    [InlineData("constants.migration.rate", "1.5", "between 0 and 1")]
    [InlineData("constants.plan.years", "0", "between 0.1 and 50")]
    [InlineData("constants.periods.directive", "0", "at least 1")]
    [InlineData("constants.departments.max-systems", "1", "must be at least constants.departments.min-systems")]
    public void Bad_constant_paths_and_values_are_refused(string path, string value, string expected)
    {
        var ex = Assert.Throws<ParameterException>(() => Apply(path, value));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Governance_paths_set_modes_structures_and_the_new_switches()
    {
        var loose = Apply("mode", "loose");
        Assert.Equal((new Dials(0.2, 0.2), CloudChiefSystem.None), (loose.Dials, loose.System));
        var cooperativeGuizhou = Apply("provinces[guizhou].mode", "cooperative");
        Assert.Equal((new Dials(0.2, 0.85), CloudChiefSystem.None), (cooperativeGuizhou.DialsOf(0), cooperativeGuizhou.SystemOf(0)));
        Assert.Equal((new Dials(0.85, 0.2), CloudChiefSystem.Full), (cooperativeGuizhou.DialsOf(1), cooperativeGuizhou.SystemOf(1)));
        Assert.Equal(0.6, Apply("provinces[1].dials.horizontal", "0.6").DialsOf(1).Horizontal);
        Assert.Equal(40, Apply("provinces[*].cloud-chief-system.start-tick", "40").SystemOf(2).StartTick);
        Assert.False(Apply("cloud-chief-system.platform", "false").System.Platform);
        Assert.False(Apply("mechanisms.formalism", "false").Mechanisms.Formalism);
        Assert.False(Apply("mechanisms.switching-cost", "false").Mechanisms.SwitchingCost);
        // A mode applied after province-level governance gives every province the mode's.
        Assert.Equal(CloudChiefSystem.Full, Apply("mode", "authority", cooperativeGuizhou).SystemOf(0));
        var ex = Assert.Throws<ParameterException>(() => Apply("provinces[0].cloud-chief-system.office", "false"));
        Assert.Contains("needs an office", ex.Message);
    }
}
