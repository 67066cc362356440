using Microsoft.Extensions.Logging;
using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Outputs;

namespace OrleansGov.Engine;

/// <summary>
/// The run's declared outputs between the tick loop and the client that writes them: each tick's rows
/// are kept until the client takes them (it polls <see cref="TakeOutputsAsync"/>), and the loop waits
/// while <see cref="MaxKept"/> ticks are kept untaken, so a slow writer slows the run instead of
/// filling the coordinator's memory. A restored run drops what it kept from the restored tick on: it
/// makes those ticks again, identically.
/// </summary>
public sealed partial class RunCoordinatorGrain
{
    /// <summary>Ticks of outputs kept untaken before the loop waits for the client.</summary>
    internal const int MaxKept = 8;

    /// <summary>How long the loop waits for the client to take outputs before it lets the oldest go (the client then sees the gap and fails the run).</summary>
    private static readonly TimeSpan TakeDeadline = TimeSpan.FromMinutes(5);

    private readonly SortedDictionary<int, TickOutputs> _kept = new();
    private bool _collectOutputs;
    private TaskCompletionSource? _outputsAdded, _outputsTaken;

    public async Task<TickOutputs[]> TakeOutputsAsync(int fromTick, TimeSpan wait)
    {
        Acknowledge(fromTick);
        if (_kept.Count == 0 && wait > TimeSpan.Zero && !IsOver)
        {
            _outputsAdded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await Task.WhenAny(_outputsAdded.Task, Task.Delay(wait));
            Acknowledge(fromTick);
        }
        return [.. _kept.Values];
    }

    private bool IsOver => _status is Runs.RunStatus.Completed or Runs.RunStatus.Failed or Runs.RunStatus.Cancelled;

    private void Acknowledge(int fromTick)
    {
        bool freed = false;
        while (_kept.Count > 0 && _kept.First().Key < fromTick)
        {
            _kept.Remove(_kept.First().Key);
            freed = true;
        }
        if (freed)
        {
            _outputsTaken?.TrySetResult();
            _outputsTaken = null;
        }
    }

    /// <summary>Should tick <paramref name="tick"/>'s grains make outputs rows?</summary>
    private bool OutputsAsked(World world, int tick) => _collectOutputs && OutputPlan.At(world, tick) is not null;

    /// <summary>Keeps tick <paramref name="tick"/>'s outputs for the client and wakes a waiting take.</summary>
    private void Keep(int tick, OutputRows? rows)
    {
        _kept[tick] = TickOutputs.Of(tick, rows);
        _outputsAdded?.TrySetResult();
        _outputsAdded = null;
    }

    /// <summary>
    /// Before a tick: waits while <paramref name="max"/> or more ticks' outputs are untaken; after
    /// <see cref="TakeDeadline"/> lets the oldest go. Before a checkpoint it waits for all (max 1), so a
    /// coordinator lost later never takes with it outputs of ticks before its last checkpoint.
    /// </summary>
    private async Task WaitForTakerAsync(int max = MaxKept)
    {
        var deadline = DateTime.UtcNow + TakeDeadline;
        while (_kept.Count >= max && !_cancelRequested && !_deactivating)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                int oldest = _kept.First().Key;
                logger.LogWarning("Run {RunId}: nobody took the outputs of tick {Tick} within {Minutes} min; they are dropped", RunId, oldest, TakeDeadline.TotalMinutes);
                _kept.Remove(oldest);
                continue;
            }
            _outputsTaken ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await Task.WhenAny(_outputsTaken.Task, Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1)));
        }
    }

    /// <summary>The run goes back to the barrier before <paramref name="tick"/>: what it kept from there on will be made again.</summary>
    private void ForgetOutputsFrom(int tick)
    {
        foreach (int later in _kept.Keys.Where(t => t >= tick).ToArray())
        {
            _kept.Remove(later);
        }
    }
}
