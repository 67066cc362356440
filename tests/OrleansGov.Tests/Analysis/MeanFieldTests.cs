using OrleansGov.Client.Analysis;
using OrleansGov.Engine;
using OrleansGov.Model;
using OrleansGov.Scenarios;
using OrleansGov.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace OrleansGov.Tests.Analysis;

/// <summary>
/// The mean-field of adoption (docs/MODEL.md §15) against the agent model: it reproduces the agents when
/// every department of a class is alike and nobody is linked, and departs when they differ or learn from
/// partners ahead — the part of the dynamics only agents carry.
/// </summary>
public sealed class MeanFieldTests(ITestOutputHelper output)
{
    /// <summary>Two small provinces without the Cloud Chief system, no timeline, no outsourcing or participation.</summary>
    private static Scenario Baseline(string mode = "loose", int ticks = 260) => TestScenarios.Small(ticks: ticks, mode: mode) with
    {
        Timeline = [],
        Levers = new Levers(NationalChief: false, Accountability: 0, Linkage: 0, Outsourcing: 0, Participation: 0),
    };

    private static Scenario NoLinks(Scenario s) => s with
    {
        Mechanisms = s.Mechanisms with { Negotiation = s.Mechanisms.Negotiation with { RequestRate = 0 } },
    };

    /// <summary>Every department alike: the same systems, capacity and initiative, no luck, no paper systems.</summary>
    private static Scenario Alike(Scenario s) => s with
    {
        Constants = s.Constants
            .With(Constants.MinSystems, 50).With(Constants.MaxSystems, 50)
            .With(Constants.MinCapacity, 0.8).With(Constants.MaxCapacity, 0.8)
            .With(Constants.MigrationNoise, 0)
            .With(Constants.InitiativeMean, 1)
            .With(Constants.MigrationRate, 1),
        Mechanisms = s.Mechanisms with { Formalism = false },
    };

    private static async Task<double[]> Agents(Scenario scenario)
    {
        var outcome = await new ReferenceEngine().RunAsync("mf", scenario, null, CancellationToken.None);
        return [.. outcome.Metrics.Where(r => r.Scope == MetricsRows.NationScope).Select(r => r.CloudAdoption)];
    }

    private static double MaxGap(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [Fact]
    public async Task With_departments_alike_and_no_links_the_mean_field_is_the_agent_model()
    {
        var scenario = NoLinks(Alike(Baseline()));
        var agents = await Agents(scenario);
        var whole = MeanField.Adoption(scenario, wholeSystems: true);
        var continuous = MeanField.Adoption(scenario);
        output.WriteLine($"final: agents {agents[^1]:F4}, mean-field {whole[^1]:F4} (whole systems), {continuous[^1]:F4} (continuous)");
        Assert.True(agents[^1] > 0.3, $"the test needs movement: {agents[^1]}");
        Assert.True(MaxGap(agents, whole) < 1e-9, $"largest gap {MaxGap(agents, whole)}");
        Assert.True(MaxGap(agents, continuous) <= 1.0 / 50 + 1e-9, "continuous progress differs by less than one system");
    }

    [Fact]
    public async Task Departments_that_differ_lag_the_continuous_mean_field_by_the_system_they_are_in_and_smooth_its_staircase()
    {
        var scenario = NoLinks(Baseline());
        var agents = await Agents(scenario);
        var meanField = MeanField.Adoption(scenario);
        var whole = MeanField.Adoption(scenario, wholeSystems: true);
        int lag = Enumerable.Range(0, agents.Length).MaxBy(t => meanField[t] - agents[t]);
        int lead = Enumerable.Range(0, agents.Length).MaxBy(t => agents[t] - whole[t]);
        output.WriteLine($"largest lag behind the continuous mean-field at tick {lag}: agents {agents[lag]:F3}, mean-field {meanField[lag]:F3}; final {agents[^1]:F3} vs {meanField[^1]:F3}");
        output.WriteLine($"largest lead over the whole-systems mean-field at tick {lead}: agents {agents[lead]:F3}, mean-field {whole[lead]:F3}");
        // A department counts only finished systems: about half a system each behind its progress.
        Assert.True(meanField[lag] - agents[lag] > 0.05, "the agents lag the continuous mean-field");
        Assert.All(Enumerable.Range(0, agents.Length), t => Assert.True(agents[t] <= meanField[t] + 0.02, $"tick {t}"));
        // The representative department's staircase: the fast ones finish a system long before the mean one.
        Assert.True(agents[lead] - whole[lead] > 0.03, "the agents lead the whole-systems mean-field");
    }

    [Fact]
    public async Task Links_to_partners_ahead_lift_the_agents_where_the_mean_field_has_no_one_ahead()
    {
        var linked = Baseline("cooperative");
        var unlinked = NoLinks(linked);
        Assert.Equal(MeanField.Adoption(linked), MeanField.Adoption(unlinked)); // the mean-field has no network
        var withLinks = await Agents(linked);
        var withoutLinks = await Agents(unlinked);
        var noSpillover = await Agents(linked with { Mechanisms = linked.Mechanisms with { PeerLearning = false } });
        output.WriteLine($"final: links {withLinks[^1]:F3}, no links {withoutLinks[^1]:F3}, links without spillover {noSpillover[^1]:F3}, mean-field {MeanField.Adoption(linked)[^1]:F3}");
        Assert.True(withLinks[^1] - withoutLinks[^1] > 0.02, "spillover through links lifts adoption");
        Assert.True(withLinks[^1] - noSpillover[^1] > 0.02, "the lift is the spillover");
    }

    [Fact]
    public void A_scenario_with_the_cloud_chief_system_or_a_timeline_is_refused_with_the_reason()
    {
        var authority = TestScenarios.Small(mode: "authority") with { Timeline = [] };
        Assert.Contains("province 'alpha' has one", MeanField.WhyNotApplicable(authority));
        Assert.Contains("timeline", MeanField.WhyNotApplicable(TestScenarios.Small(mode: "loose")));
        Assert.Null(MeanField.WhyNotApplicable(Baseline()));
        var error = Assert.Throws<ArgumentException>(() => MeanField.Adoption(authority));
        Assert.Contains("Cloud Chief system", error.Message);
    }
}
