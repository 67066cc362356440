using System.Collections.Concurrent;

namespace OrleansGov.Checkpoints;

/// <summary>
/// Checkpoints in this process's memory: for the embedded silo (one process, so "outlives any silo"
/// holds trivially) and for multi-silo tests, whose in-process silos share one instance.
/// </summary>
public sealed class MemoryCheckpointStore() : KeyValueCheckpointStore("og:")
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _sets = new(StringComparer.Ordinal);

    public override string Where => "memory";

    /// <summary>Bytes held, for tests and benchmarks.</summary>
    public long Bytes => _values.Values.Sum(v => (long)v.Length);

    protected override Task SetAsync(string key, byte[] value)
    {
        _values[key] = value;
        return Task.CompletedTask;
    }

    protected override Task<byte[]?> GetAsync(string key) => Task.FromResult(_values.TryGetValue(key, out var v) ? v : null);

    protected override Task DeleteAsync(params string[] keys)
    {
        foreach (var key in keys)
        {
            _values.TryRemove(key, out _);
            _counters.TryRemove(key, out _);
            _sets.TryRemove(key, out _);
        }
        return Task.CompletedTask;
    }

    protected override Task<long> IncrementAsync(string key) => Task.FromResult(_counters.AddOrUpdate(key, 1, (_, n) => n + 1));

    protected override Task<long> ReadCounterAsync(string key) => Task.FromResult(_counters.TryGetValue(key, out long n) ? n : 0);

    protected override Task SetAddAsync(string key, string member)
    {
        _sets.GetOrAdd(key, _ => new(StringComparer.Ordinal))[member] = true;
        return Task.CompletedTask;
    }

    protected override Task SetRemoveAsync(string key, string member)
    {
        if (_sets.TryGetValue(key, out var set)) set.TryRemove(member, out _);
        return Task.CompletedTask;
    }

    protected override Task<string[]> SetMembersAsync(string key) =>
        Task.FromResult(_sets.TryGetValue(key, out var set) ? set.Keys.ToArray() : []);
}
