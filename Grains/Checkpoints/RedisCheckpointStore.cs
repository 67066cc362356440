using StackExchange.Redis;

namespace OrleansGov.Checkpoints;

/// <summary>
/// Checkpoints in Redis, the cluster's membership store, so they outlive every silo. Keys are scoped
/// by the service id: <c>orleansgov:{serviceId}:{run}:…</c>.
/// </summary>
public sealed class RedisCheckpointStore(IConnectionMultiplexer redis, string endpoint, string serviceId)
    : KeyValueCheckpointStore($"orleansgov:{serviceId}:")
{
    private IDatabase Db => redis.GetDatabase();

    public override string Where => "redis " + endpoint;

    protected override Task SetAsync(string key, byte[] value) => Db.StringSetAsync(key, value);

    protected override async Task<byte[]?> GetAsync(string key) => await Db.StringGetAsync(key) is { IsNull: false } v ? (byte[]?)v : null;

    protected override Task DeleteAsync(params string[] keys) => Db.KeyDeleteAsync(keys.Select(k => (RedisKey)k).ToArray());

    protected override Task<long> IncrementAsync(string key) => Db.StringIncrementAsync(key);

    protected override async Task<long> ReadCounterAsync(string key) => await Db.StringGetAsync(key) is { IsNull: false } v ? (long)v : 0;

    protected override Task SetAddAsync(string key, string member) => Db.SetAddAsync(key, member);

    protected override Task SetRemoveAsync(string key, string member) => Db.SetRemoveAsync(key, member);

    protected override async Task<string[]> SetMembersAsync(string key) => (await Db.SetMembersAsync(key)).Select(v => v.ToString()).ToArray();
}
