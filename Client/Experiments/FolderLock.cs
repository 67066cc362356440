using System.Text.Json;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// One writer per batch or claims folder at a time (issue 14 item 6). The lock is <c>batch.lock</c>
/// held open exclusively for the writer's lifetime — an OS file lock (flock on Linux), which the kernel
/// releases when the process dies, kill -9 included, so a lock left by a dead process is taken over
/// without anyone having to judge it. Who holds it is in <c>batch.lock.json</c> (pid, host, start,
/// a heartbeat every <see cref="HeartbeatInterval"/>), for the message a second writer gets:
/// "in use by pid N on host H". As a second line of defence (file systems that ignore flock), a lock
/// whose owner file names another live writer (<see cref="RunLiveness.IsStale"/>) is refused too.
/// </summary>
public sealed class FolderLock : IDisposable
{
    public const string LockFile = "batch.lock", OwnerFile = "batch.lock.json";
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private readonly FileStream _lock;
    private readonly string _ownerPath;
    private readonly Owner _owner;
    private readonly Timer _heartbeat;

    private FolderLock(FileStream held, string ownerPath, Owner owner)
    {
        _lock = held;
        _ownerPath = ownerPath;
        _owner = owner;
        _heartbeat = new Timer(_ => WriteOwner(), null, HeartbeatInterval, HeartbeatInterval);
    }

    /// <summary>The holder as recorded in the owner file.</summary>
    public sealed record Owner(int Pid, string Host, DateTimeOffset StartedUtc, DateTimeOffset UpdatedUtc, string Command);

    /// <summary>What happened to a lock left by a writer that is gone, when one was taken over; else null.</summary>
    public string? TakenOver { get; private init; }

    /// <summary>
    /// Takes the lock of <paramref name="folder"/> (created if missing), or returns null with
    /// <paramref name="problem"/> saying who holds it.
    /// </summary>
    public static FolderLock? TryAcquire(string folder, string command, out string? problem, IProcessProbe? probe = null)
    {
        probe ??= LocalProcesses.Instance;
        Directory.CreateDirectory(folder);
        string ownerPath = Path.Combine(folder, OwnerFile);
        FileStream held;
        try
        {
            held = new FileStream(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            problem = InUse(folder, ReadOwner(ownerPath));
            return null;
        }
        var previous = ReadOwner(ownerPath);
        string? takenOver = null;
        if (previous is not null && previous.Pid != Environment.ProcessId)
        {
            if (!RunLiveness.IsStale(previous.Host, previous.Pid, previous.StartedUtc, previous.UpdatedUtc, DateTimeOffset.UtcNow, probe))
            {
                held.Dispose();
                problem = InUse(folder, previous);
                return null;
            }
            takenOver = $"took over {folder} from pid {previous.Pid} on host {previous.Host}, which is gone";
        }
        var now = DateTimeOffset.UtcNow;
        var folderLock = new FolderLock(held, ownerPath, new Owner(Environment.ProcessId, probe.HostName, now, now, command)) { TakenOver = takenOver };
        folderLock.WriteOwner();
        problem = null;
        return folderLock;
    }

    private static string InUse(string folder, Owner? owner) => owner is null
        ? $"{folder} is in use by another orleansgov process (it holds {Path.Combine(folder, LockFile)})"
        : $"{folder} is in use by pid {owner.Pid} on host {owner.Host} (since {owner.StartedUtc:u}: {owner.Command}); wait for it to end, or stop it";

    private static Owner? ReadOwner(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Owner>(File.ReadAllBytes(path), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private void WriteOwner()
    {
        try
        {
            AtomicFile.WriteBytes(_ownerPath, JsonSerializer.SerializeToUtf8Bytes(_owner with { UpdatedUtc = DateTimeOffset.UtcNow }, Json));
        }
        catch (Exception e) when (RunWriter.IsWriteFailure(e))
        {
            // The OS lock still holds; only the message a second writer gets is poorer.
        }
    }

    /// <summary>Releases the lock. The lock file itself stays (deleting it would let two writers lock two different files).</summary>
    public void Dispose()
    {
        _heartbeat.Dispose();
        try
        {
            File.Delete(_ownerPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        _lock.Dispose();
    }
}
