using System.Globalization;
using OrleansGov.Engine;

namespace OrleansGov.Checkpoints;

/// <summary>
/// The checkpoint store over a few key-value operations, so Redis and memory share one key layout:
/// <c>{prefix}{run}:run</c>, <c>:gen</c>, <c>:ticks</c> (set of committed ticks), <c>:ck:{tick}:commit</c>,
/// <c>:ck:{tick}:part:{name}</c>. Values are bytes of the generic state walker.
/// </summary>
public abstract class KeyValueCheckpointStore(string prefix) : ICheckpointStore
{
    public abstract string Where { get; }

    protected abstract Task SetAsync(string key, byte[] value);
    protected abstract Task<byte[]?> GetAsync(string key);
    protected abstract Task DeleteAsync(params string[] keys);
    protected abstract Task<long> IncrementAsync(string key);
    protected abstract Task<long> ReadCounterAsync(string key);
    protected abstract Task SetAddAsync(string key, string member);
    protected abstract Task SetRemoveAsync(string key, string member);
    protected abstract Task<string[]> SetMembersAsync(string key);

    private string Run(string runId) => prefix + runId;
    private string Part(string runId, int tick, string part) => $"{Run(runId)}:ck:{tick}:part:{part}";
    private string Commit(string runId, int tick) => $"{Run(runId)}:ck:{tick}:commit";

    public Task WritePartAsync(string runId, int tick, string part, byte[] data) => SetAsync(Part(runId, tick, part), data);

    public Task<byte[]?> ReadPartAsync(string runId, int tick, string part) => GetAsync(Part(runId, tick, part));

    public async Task CommitAsync(string runId, CheckpointMeta meta)
    {
        await SetAsync(Commit(runId, meta.Tick), Checkpoint.MetaBytes(meta));
        await SetAddAsync(Run(runId) + ":ticks", meta.Tick.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<CheckpointMeta?> ReadCommitAsync(string runId, int tick) =>
        await GetAsync(Commit(runId, tick)) is { } bytes ? Checkpoint.MetaFromBytes(bytes) : null;

    public async Task<int[]> CommittedTicksAsync(string runId) =>
        (await SetMembersAsync(Run(runId) + ":ticks")).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).Order().ToArray();

    public async Task DeleteCheckpointAsync(string runId, int tick, IEnumerable<string> parts)
    {
        await SetRemoveAsync(Run(runId) + ":ticks", tick.ToString(CultureInfo.InvariantCulture));
        await DeleteAsync(Commit(runId, tick));
        await DeleteAsync(parts.Select(p => Part(runId, tick, p)).ToArray());
    }

    public Task WriteRunAsync(string runId, RunRecord record) => SetAsync(Run(runId) + ":run", StateCodec.ToBytes(record));

    public async Task<RunRecord?> ReadRunAsync(string runId) =>
        await GetAsync(Run(runId) + ":run") is { } bytes ? StateCodec.FromBytes<RunRecord>(bytes) : null;

    public Task<long> NextGenerationAsync(string runId) => IncrementAsync(Run(runId) + ":gen");

    public Task<long> CurrentGenerationAsync(string runId) => ReadCounterAsync(Run(runId) + ":gen");

    // Decimal text, so scripts can read it (redis-cli get …:progress).
    public Task WriteProgressAsync(string runId, int ticksDone) =>
        SetAsync(Run(runId) + ":progress", System.Text.Encoding.ASCII.GetBytes(ticksDone.ToString(CultureInfo.InvariantCulture)));

    public async Task<int> ReadProgressAsync(string runId) =>
        await GetAsync(Run(runId) + ":progress") is { } bytes
        && int.TryParse(System.Text.Encoding.ASCII.GetString(bytes), NumberStyles.None, CultureInfo.InvariantCulture, out int ticks) ? ticks : -1;

    public async Task DeleteRunAsync(string runId)
    {
        await DeleteCheckpointsAsync(runId);
        await DeleteAsync(Run(runId) + ":run", Run(runId) + ":gen", Run(runId) + ":ticks");
    }

    public async Task DeleteCheckpointsAsync(string runId)
    {
        foreach (int tick in await CommittedTicksAsync(runId))
        {
            var meta = await ReadCommitAsync(runId, tick);
            await DeleteCheckpointAsync(runId, tick, meta?.Parts.Select(p => p.Name) ?? []);
        }
        await DeleteAsync(Run(runId) + ":progress");
    }
}
