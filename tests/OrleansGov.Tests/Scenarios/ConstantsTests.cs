using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansGov.Client.Results;
using OrleansGov.Engine;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Scenarios;

/// <summary>
/// Model constants (docs/MODEL.md §7.2): one declaration each in <see cref="Constants"/>, read from a
/// scenario's <c>constants:</c> with their own ranges, recorded in the manifest, and used by the rules.
/// </summary>
public class ConstantsTests
{
    private const string Head = "name: x\nprovinces: [{ name: a, cities: 1, counties: 2 }]\n";

    private static Scenario Parse(string constants) => ScenarioLoader.Parse(Head + constants, "c.yaml");

    private static ScenarioException Fails(string constants, int line, string key, string reason)
    {
        var e = Assert.Throws<ScenarioException>(() => Parse(constants));
        Assert.Equal((line, key), (e.Line, e.Key));
        Assert.Contains(reason, e.Message);
        return e;
    }

    [Fact]
    public void Without_a_constants_section_every_constant_has_its_default()
    {
        var s = Parse("");
        Assert.Equal(ConstantValues.Defaults, s.Constants);
        Assert.Empty(s.Constants.Overridden);
        Assert.Equal(0.25, s.Constants[Constants.MigrationRate]);
        Assert.Equal(4, s.Constants.Int(Constants.DirectivePeriod));
    }

    [Fact]
    public void A_scenario_overrides_single_constants_of_every_kind()
    {
        var s = Parse("""
            constants:
              migration: { rate: 0.3 }
              plan: { years: 3.5 }
              periods: { directive: 2 }
            """);
        Assert.Equal(0.3, s.Constants[Constants.MigrationRate]);
        Assert.Equal(3.5, s.Constants[Constants.PlanYears]);
        Assert.Equal(2, s.Constants.Int(Constants.DirectivePeriod));
        Assert.Equal([Constants.DirectivePeriod, Constants.PlanYears, Constants.MigrationRate], s.Constants.Overridden.OrderBy(c => c.Index));
        Assert.Equal(0.2, s.Constants[Constants.InitiativeEffort]);
    }

    [Fact]
    public void Bad_constants_name_the_line_and_key()
    {
        Fails("constants:\n  migraton: { rate: 0.3 }\n", 4, "constants.migraton", "unknown key 'migraton'");
        Fails("constants:\n  migration: { speed: 0.3 }\n", 4, "constants.migration.speed", "allowed in constants.migration: rate, noise");
        Fails("constants:\n  migration: { rate: 1.3 }\n", 4, "constants.migration.rate", "between 0 and 1");
        Fails("constants:\n  plan: { years: 0 }\n", 4, "constants.plan.years", "between 0.1 and 50");
        Fails("constants:\n  periods: { directive: 2.5 }\n", 4, "constants.periods.directive", "whole number");
        Fails("constants:\n  periods: { directive: 0 }\n", 4, "constants.periods.directive", "at least 1");
        Fails("constants:\n  migration: { rate: fast }\n", 4, "constants.migration.rate", "expected a number");
    }

    [Fact]
    public void Constants_that_must_agree_are_checked_together()
    {
        Fails("constants:\n  departments: { min-systems: 5, max-systems: 3 }\n", 4, "constants.departments.max-systems",
            "must be at least constants.departments.min-systems");
        // The file sets only the lower end: the message names the section and the constant to change.
        var e = Assert.Throws<ScenarioException>(() => Parse("constants:\n  departments: { min-systems: 9 }\n"));
        Assert.Contains("constants.departments.max-systems must be at least", e.Message);
        Fails("constants:\n  services: { within-share: 0.8, region-share: 0.3 }\n", 4, "constants.services.region-share", "must be at most 1");
    }

    [Fact]
    public void The_manifest_records_every_constant_grouped_by_mechanism_and_reads_them_back()
    {
        var s = Parse("constants:\n  migration: { rate: 0.3 }\n");
        var json = JsonSerializer.Serialize(s, Manifest.Json);
        using var doc = JsonDocument.Parse(json);
        var constants = doc.RootElement.GetProperty("constants");
        Assert.Equal(Constants.Groups, constants.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.3, constants.GetProperty("migration").GetProperty("rate").GetDouble());
        Assert.Equal(Constants.All.Count, constants.EnumerateObject().Sum(g => g.Value.EnumerateObject().Count()));

        var back = JsonSerializer.Deserialize<Scenario>(json, Manifest.Json)!;
        Assert.Equal(s.Constants, back.Constants);

        // A manifest written before constants existed reads back with the defaults.
        var old = JsonSerializer.Deserialize<Scenario>(Regex.Replace(json, ",\\s*\"constants\":\\s*\\{.*\\}\\s*\\}\\s*$", "}", RegexOptions.Singleline), Manifest.Json)!;
        Assert.Equal(ConstantValues.Defaults, old.Constants);
    }

    [Fact]
    public void Every_declaration_is_consistent_and_unique()
    {
        Assert.Equal(Constants.All.Count, Constants.All.Select(c => c.Key).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Constants.All.Count), Constants.All.Select(c => c.Index));
        Assert.All(Constants.All, c =>
        {
            Assert.Matches("^[a-z][a-z0-9-]*$", c.Group);
            Assert.Matches("^[a-z][a-z0-9-]*$", c.Name);
            Assert.Null(c.Check(c.Default));
            Assert.False(string.IsNullOrWhiteSpace(c.Unit + c.Basis + c.Meaning));
        });
        Assert.Null(Constants.Inconsistency(ConstantValues.Defaults));
    }

    [Fact]
    public void Model_md_lists_every_constant_with_its_default()
    {
        string doc = File.ReadAllText(Path.Combine(ShippedScenarioTests.RepoRoot(), "docs", "MODEL.md"));
        Assert.All(Constants.All, c =>
        {
            var row = doc.Split('\n').FirstOrDefault(l => l.StartsWith($"| `{c.ParameterPath}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/MODEL.md §7.2 has no row for {c.ParameterPath}");
            Assert.Contains($"| {c.Default.ToString(System.Globalization.CultureInfo.InvariantCulture)} |", row);
        });
    }

    [Fact]
    public async Task A_changed_constant_changes_a_run_and_the_default_changes_nothing()
    {
        var scenario = TestScenarios.Small(ticks: 30);
        var engine = new ReferenceEngine();
        var baseline = (await engine.RunAsync("a", scenario, null, CancellationToken.None)).Metrics;
        var same = (await engine.RunAsync("b", scenario with { Constants = scenario.Constants.With(Constants.MigrationRate, 0.25) }, null, CancellationToken.None)).Metrics;
        var none = (await engine.RunAsync("c", scenario with { Constants = scenario.Constants.With(Constants.MigrationRate, 0) }, null, CancellationToken.None)).Metrics;
        Assert.Equal(baseline, same);
        Assert.Contains(baseline, r => r.CloudAdoption > 0);
        Assert.All(none, r => Assert.Equal(0, r.CloudAdoption));
    }
}
