using System.Collections.Concurrent;
using OrleansGov.Grains;
using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// Per-silo singleton: run id → the run's <see cref="World"/>. On a miss it asks the run's coordinator
/// for the scenario once per silo, however many of the run's grains activate here at the same time.
/// </summary>
public sealed class WorldCache(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<World>>> _worlds = new(StringComparer.Ordinal);

    /// <summary>The world of run <paramref name="runId"/>.</summary>
    public async ValueTask<World> GetAsync(string runId)
    {
        // A static factory with the cache as its argument: a lambda capturing this would be a new
        // delegate on every call, hit or miss (each grain of a run calls this once on activation).
        var entry = _worlds.GetOrAdd(runId, static (id, cache) => new Lazy<Task<World>>(() => Task.Run(() => cache.FetchAsync(id))), this);
        try
        {
            return await entry.Value;
        }
        catch
        {
            _worlds.TryRemove(new KeyValuePair<string, Lazy<Task<World>>>(runId, entry));
            throw;
        }
    }

    /// <summary>
    /// The world of run <paramref name="runId"/>, looked up without making a string of the id when the
    /// world is here already: every grain of a run asks once on its first step, a million times in a
    /// stress run's tick 0.
    /// </summary>
    public ValueTask<World> GetAsync(ReadOnlySpan<char> runId)
    {
        if (_worlds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(runId, out var entry)
            && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
        {
            return new ValueTask<World>(entry.Value.Result);
        }
        return GetAsync(runId.ToString());
    }

    /// <summary>Forgets run <paramref name="runId"/> (its grains on this silo are being released).</summary>
    public void Release(string runId) => _worlds.TryRemove(runId, out _);

    /// <summary>Runs cached on this silo, for tests.</summary>
    public int Count => _worlds.Count;

    private async Task<World> FetchAsync(string runId)
    {
        var scenario = await grains.GetGrain<IRunCoordinatorGrain>(runId).GetScenarioAsync()
            ?? throw new InvalidOperationException($"Run '{runId}' has no scenario: it was never started (or its coordinator was lost).");
        return new World(scenario);
    }
}
