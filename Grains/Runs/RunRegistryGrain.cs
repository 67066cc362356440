using OrleansGov.Runs;

namespace OrleansGov.Runs;

/// <summary>
/// The cluster's run list (see <see cref="IRunRegistryGrain"/>). In memory and kept alive for a day
/// of idleness; coordinators re-report on every status change, so a lost list refills.
/// </summary>
[CollectionAgeLimit(Days = 1)]
public sealed class RunRegistryGrain : Grain, IRunRegistryGrain
{
    private readonly Dictionary<string, RunListing> _runs = new(StringComparer.Ordinal);

    public Task ReportAsync(RunListing listing)
    {
        _runs[listing.RunId] = listing;
        return Task.CompletedTask;
    }

    public Task<RunListing?> FindAsync(string runId) => Task.FromResult(_runs.GetValueOrDefault(runId));

    public Task<RunListing[]> ListAsync() => Task.FromResult(
        _runs.Values.OrderBy(r => r.Info.StartedUtc ?? DateTime.MaxValue).ThenBy(r => r.RunId, StringComparer.Ordinal).ToArray());
}
