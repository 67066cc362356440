using Orleans.Concurrency;
using OrleansGov.Grains;
using OrleansGov.Scenarios;

namespace OrleansGov.Runs;

/// <summary>
/// The cluster's list of runs (one grain, key <see cref="Key"/>). Run coordinators report to it when a
/// run starts and whenever its status changes — never per tick — so the dashboard can list runs
/// without knowing their ids. Held in memory: a registry that lost its activation refills as runs
/// report their next status change.
/// </summary>
[Alias("og.IRunRegistryGrain")]
public interface IRunRegistryGrain : IGrainWithStringKey
{
    /// <summary>The registry's one key.</summary>
    public const string Key = "runs";

    /// <summary>Adds or replaces the listing of <see cref="RunListing.RunId"/>.</summary>
    [Alias("Report"), OneWay]
    Task ReportAsync(RunListing listing);

    /// <summary>Every run reported so far, oldest start first.</summary>
    [Alias("List"), ReadOnly]
    Task<RunListing[]> ListAsync();

    /// <summary>
    /// The listing of <paramref name="runId"/>, or null when no such run was reported. Lets a client
    /// answer "no such run" without activating a coordinator grain for an id that was never used.
    /// </summary>
    [Alias("Find"), ReadOnly]
    Task<RunListing?> FindAsync(string runId);
}

/// <summary>What the run list shows of one run: identity, scenario, dials, size and last reported status.</summary>
/// <param name="Info">Status as of the last report (tick counts may be behind; ask the coordinator for live ones).</param>
/// <param name="AgentCount">Agents in the run's world (0 until the coordinator has built it).</param>
[GenerateSerializer, Immutable, Alias("og.run-listing")]
public sealed record RunListing(string RunId, string Scenario, string? Mode, Dials Dials, int Provinces, long AgentCount, RunInfo Info);
