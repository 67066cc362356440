using OrleansGov.Client;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Cli;

namespace OrleansGov.Tests.Outputs;

/// <summary>The scenario's <c>outputs:</c> section: read as written, off by default, and every mistake one message with file, line and key.</summary>
public sealed class OutputsScenarioTests : IDisposable
{
    private const string Source = "outputs.yaml";
    private const string Head = "name: x\nticks: 30\nprovinces: [{ name: a }]\n";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Outputs_are_off_by_default_and_read_as_written()
    {
        Assert.True(ScenarioLoader.Parse(Head, Source).Outputs.IsEmpty);

        var outputs = ScenarioLoader.Parse(Head + """
            outputs:
              series: { scopes: [city, county], metrics: [service_quality, coordination_messages] }
              snapshots:
                kinds: [department, citizen-group]
                every: 13
            """, Source).Outputs;

        Assert.Equal(new OutputSpec(new SeriesOutput(["city", "county"], ["service_quality", "coordination_messages"], 1), new SnapshotOutput(["department", "citizen-group"], 13)), outputs);
        Assert.Null(ScenarioLoader.Parse(Head + "outputs:\n  snapshots: { kinds: [office] }\n", Source).Outputs.Series);
    }

    public static TheoryData<string, int, string, string> Mistakes => new()
    {
        { "outputs:\n  tables: {}\n", 5, "outputs.tables", "unknown key 'tables'" },
        { "outputs:\n  series: { scopes: [county, province], metrics: [cloud_adoption] }\n", 5, "outputs.series.scopes[1]", "unknown scope 'province'" },
        { "outputs:\n  series: { scopes: [county], metrics: [cloud_adoptoin] }\n", 5, "outputs.series.metrics[0]", "unknown metric 'cloud_adoptoin'" },
        { "outputs:\n  series: { scopes: [county], metrics: [share_within_rate_recent] }\n", 5, "outputs.series.metrics[0]", "recent-window metric" },
        { "outputs:\n  series: { scopes: [county, county], metrics: [cloud_adoption] }\n", 5, "outputs.series.scopes[1]", "listed twice" },
        { "outputs:\n  series: { scopes: [], metrics: [cloud_adoption] }\n", 5, "outputs.series.scopes", "at least one scope" },
        { "outputs:\n  series: { metrics: [cloud_adoption] }\n", 5, "outputs.series", "missing required key 'scopes'" },
        { "outputs:\n  series: { scopes: [county], metrics: [cloud_adoption], every: 0 }\n", 5, "outputs.series.every", "must be at least 1" },
        { "outputs:\n  snapshots: { kinds: [department], every: 31 }\n", 5, "outputs.snapshots.every", "more than the scenario's 30 ticks" },
        { "outputs:\n  snapshots:\n    kinds: [department, nation]\n", 6, "outputs.snapshots.kinds[1]", "unknown agent kind 'nation'" },
        { "outputs:\n  snapshots: { kinds: department }\n", 5, "outputs.snapshots.kinds", "expected a list" },
        { "outputs: [series]\n", 4, "outputs", "expected a mapping" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_is_one_message_with_file_line_and_key(string yaml, int line, string key, string reason)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Head + yaml, Source));

        Assert.Equal(line, e.Line);
        Assert.Equal(key, e.Key);
        Assert.StartsWith($"{Source}:{line}:", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public async Task Run_refuses_a_bad_outputs_section_with_exit_2_and_writes_nothing()
    {
        string file = _dir.Write(Source, Head + "outputs:\n  snapshots: { kinds: [departments] }\n");
        string results = _dir.Combine("results");

        var result = await CliHarness.RunAsync("run", file, "--engine", "reference", "--out", results);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        var message = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{Source}:5:", message);
        Assert.Contains("outputs.snapshots.kinds[0]: unknown agent kind 'departments'", message);
        Assert.False(Directory.Exists(results));
    }
}
