using OrleansGov.Client.Calibration;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Patterns;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Cli;
using OrleansGov.Tests.Dashboard;
using Xunit;

namespace OrleansGov.Tests.Calibration;

/// <summary>Patterns and calibration files: the shipped ones parse; every kind of bad input is one error naming file, line and key.</summary>
public sealed class PatternsFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Repo(params string[] parts) => Path.Combine([DashboardApiTests.FindRepoRoot(), .. parts]);

    private static Scenario Calendar() => ScenarioLoader.Load(Repo("scenarios", "patterns", "three-provinces-calendar.yaml"));

    private const string Valid = """
        name: p
        patterns:
          - id: a
            text: adoption is high
            level: provincial
            source: { cite: "Someone, 2020", url: "https://example.org/x", quote: "it is high" }
            metric: cloud_adoption
            scope: guizhou
            at-date: 2019-12-30
            observed: { at-least: 0.9 }
            tolerance: 0.05
          - id: b
            text: quality rises
            level: national
            source: { cite: "Someone else, 2021", quote: "it rose" }
            metric: service_quality
            order:
              - { at-date: 2021-12-27 }
              - { at-tick: 10 }
            tolerance: 0.01
        """;

    [Fact]
    public void The_shipped_patterns_have_sources_and_read_dates_on_the_calendar()
    {
        var scenario = Calendar();
        var set = PatternsParser.Load(Repo("scenarios", "patterns", "patterns.yaml"), scenario);

        Assert.True(set.Patterns.Count >= 3);
        Assert.All(set.Patterns, p => Assert.False(string.IsNullOrWhiteSpace(p.Source.Cite) || string.IsNullOrWhiteSpace(p.Source.Quote)));
        Assert.Contains(set.Patterns, p => p.Level == "national");
        Assert.Contains(set.Patterns, p => p.Kind == PatternKind.Order);
        // 2019-12-30 is a Monday; tick 312 starts on 2019-12-27 + … the tick in progress that day.
        int tick = set.Patterns.First(p => p.Id == "guizhou-on-cloud-2019").Measures[0].Statistic.Tick;
        Assert.True(string.CompareOrdinal(scenario.DateOf(tick), "2019-12-30") <= 0 && string.CompareOrdinal(scenario.DateOf(tick + 1), "2019-12-30") > 0);
    }

    [Fact]
    public void The_calendar_scenario_starts_each_province_on_its_sourced_date()
    {
        var s = Calendar();
        Assert.Equal("2014-01-06", s.StartDate);
        Assert.Equal(0, s.SystemOf(0).StartTick);
        Assert.Equal("2019-06-02", s.DateOf(s.SystemOf(1).StartTick));   // Chongqing: June 2019
        Assert.Equal("2018-09-01", s.DateOf(s.SystemOf(2).StartTick));   // Guangxi: after 2018-08-29
        Assert.Equal("2021-12-29", s.DateOf(s.Ticks - 1));   // weekly ticks keep a year a calendar year, so they are not all Mondays
    }

    public static readonly TheoryData<string, string, int, string, string> BadPatterns = new()
    {
        { "    source: { cite: \"Someone, 2020\", url: \"https://example.org/x\", quote: \"it is high\" }\n", "", 3, "patterns[a].source", "citable source" },
        { "quote: \"it is high\" ", "", 6, "patterns[a].source.quote", "citable source" },
        { "cite: \"Someone, 2020\", ", "", 6, "patterns[a].source.cite", "citable source" },
        { "metric: cloud_adoption", "metric: adoption", 7, "patterns[a].metric", "unknown metric 'adoption'" },
        { "scope: guizhou", "scope: tibet", 8, "patterns[a].scope", "unknown scope 'tibet'" },
        { "at-date: 2019-12-30", "at-date: 2025-01-01", 9, "patterns[a].at-date", "after the run ends" },
        { "at-date: 2019-12-30", "at-date: 2019-13-30", 9, "patterns[a].at-date", "yyyy-MM-dd" },
        { "tolerance: 0.05", "tolerance: 0", 11, "patterns[a].tolerance", "greater than 0" },
        { "observed: { at-least: 0.9 }", "observed: [0.9, 0.1]", 10, "patterns[a].observed", "greater than max" },
        { "level: provincial", "level: cosmic", 5, "patterns[a].level", "unknown level" },
        { "      - { at-tick: 10 }\n", "", 18, "patterns[b].order", "at least two" },
        { "tolerance: 0.01", "tolerance: 0.01\n    observed: 1", 12, "patterns[b]", "exactly one of 'observed'" },
    };

    [Theory]
    [MemberData(nameof(BadPatterns))]
    public void A_bad_patterns_file_is_refused_with_file_line_and_key(string find, string replace, int line, string key, string words)
    {
        Assert.Contains(find, Valid);
        var e = Assert.Throws<ExperimentException>(() => PatternsParser.Parse(Valid.Replace(find, replace), "p.yaml", Calendar()));
        Assert.Equal("p.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(key, e.Key);
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void A_date_needs_a_calendar()
    {
        var noCalendar = Calendar() with { StartDate = null };
        var e = Assert.Throws<ExperimentException>(() => PatternsParser.Parse(Valid, "p.yaml", noCalendar));
        Assert.Contains("no calendar", e.Message);
    }

    private string CalibrationYaml(string priors = "  constants.migration.rate: [0.1, 0.5]\n", string extra = "") =>
        $"""
        name: c
        scenario: {Repo("scenarios", "patterns", "three-provinces-calendar.yaml")}
        patterns: {Repo("scenarios", "patterns", "patterns.yaml")}
        particles: 4
        max-runs: 40
        {extra}priors:
        {priors}
        """;

    public static readonly TheoryData<string, string, string, string> BadCalibration = new()
    {
        { "  levers.bogus: [0, 1]\n", "", "priors.levers.bogus", "unknown parameter" },
        { "  constants.migration.rate: [0.5, 0.5]\n", "", "priors.constants.migration.rate", "must be less than max" },
        { "  constants.migration.rate: [0.6, 0.2]\n", "", "priors.constants.migration.rate", "must be less than max" },
        { "  mode: [0, 1]\n", "", "priors.mode", "cannot have a range prior" },
        { "  constants.migration.rate: [0.1, 0.5]\n", "max-runs: 3\n", "max-runs", "more than max-runs 3" },
        { "  constants.migration.rate: [0.1, 0.5]\n", "method: mcmc\n", "method", "unknown method 'mcmc'" },
        { "  constants.migration.rate: [0.1, 0.5]\n", "alpha: 1.5\n", "alpha", "strictly between 0 and 1" },
    };

    [Theory]
    [MemberData(nameof(BadCalibration))]
    public void A_bad_calibration_file_is_refused_with_file_line_and_key(string priors, string extra, string key, string words)
    {
        string yaml = CalibrationYaml(priors, extra).Replace("max-runs: 40\nmax-runs: 3", "max-runs: 3");
        var e = Assert.Throws<ExperimentException>(() => CalibrationParser.Parse(yaml, "c.yaml", _dir.Path));
        Assert.Equal("c.yaml", e.File);
        Assert.NotNull(e.Line);
        Assert.Equal(key, e.Key);
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void The_shipped_calibration_file_parses()
    {
        var file = CalibrationParser.Load(Repo("scenarios", "experiments", "calibration-three-provinces.yaml"));
        Assert.Equal("smc", file.Abc.Method);
        Assert.Equal(4, file.Priors.Count);
        Assert.Contains(file.Priors, p => p.Integer);
    }
}
