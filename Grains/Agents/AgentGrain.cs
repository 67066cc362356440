using System.Text;
using Orleans.Placement;
using OrleansGov.Grains;
using OrleansGov.Metrics;
using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// Hosts one leaf agent. Placed beside its caller (its government), so the per-tick call stays local.
/// State lives in memory for the run (checkpoints capture it at tick barriers); a generous collection
/// age keeps a paused run's agents alive.
/// </summary>
[PreferLocalPlacement]
[CollectionAgeLimit(Days = 1)]
public sealed class AgentGrain(WorldCache worlds) : Grain, IAgentGrain
{
    // No run id field: the key holds it, and a copy per grain (a string each) cost ~50 B per agent for
    // the whole run; only the release, once per run, needs it.
    private AgentHost? _host;
    private long _generation;
    // Scratch buffers for the synchronous part of a step (the inbox copy to sort, the outbox), one per
    // thread instead of two lists per grain: ~1M grains would otherwise each keep buffers grown to their
    // largest tick. They are emptied before and after every use and nothing in them outlives the turn's
    // synchronous section, so no state is shared between grains.
    [ThreadStatic] private static List<Envelope>? t_inbox;
    [ThreadStatic] private static Outbox? t_outbox;

    /// <remarks>
    /// A <see cref="ValueTask{TResult}"/> that completes at once after the first tick: a step needs no
    /// await once the agent exists, so neither this side (a <c>Task</c> per call) nor the caller's
    /// proxy (a task wrapper per call) allocates for it (docs/PERFORMANCE.md, round 9).
    /// </remarks>
    public ValueTask<StepOutput> StepAsync(StepInput input)
    {
        if (_host is null)
        {
            return FirstStepAsync(input);
        }
        try
        {
            return new ValueTask<StepOutput>(Step(_host, input));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<StepOutput>(e);
        }
    }

    /// <summary>The first step of an activation: creates the agent from the silo's world (fetched once per silo).</summary>
    private async ValueTask<StepOutput> FirstStepAsync(StepInput input)
    {
        if (input.Tick != 0)
        {
            var (_, lost) = GrainKeys.Parse(this.GetPrimaryKeyString());
            throw new RunStateLostException($"{lost} has no state for tick {input.Tick}: its activation was lost (silo lost or stopped).");
        }
        var (id, world) = IdAndWorld();
        var host = new AgentHost(await world, id);
        _host = host;
        _generation = input.Generation;
        return Step(host, input);
    }

    /// <summary>
    /// The agent's id and its run's world, read from the grain key's UTF-8 bytes decoded on the stack:
    /// <c>GetPrimaryKeyString</c> and <see cref="GrainKeys.Parse(string)"/> made two strings per agent
    /// (the key and the run id, ~150 B) in every tick 0 (docs/PERFORMANCE.md, round 11 — tick 0).
    /// </summary>
    private (AgentId Id, ValueTask<World> World) IdAndWorld()
    {
        var utf8 = this.GetGrainId().Key.AsSpan();
        Span<char> key = utf8.Length <= 256 ? stackalloc char[256] : new char[utf8.Length];
        int length = Encoding.UTF8.GetChars(utf8, key);
        var id = GrainKeys.Parse(key[..length], out var runId);
        return (id, worlds.GetAsync(runId));
    }

    private StepOutput Step(AgentHost host, StepInput input)
    {
        Generations.Check(_generation, input.Generation, host.Id);
        // No await from here on: the scratch buffers stay on this thread for the whole use.
        var inbox = t_inbox ??= new List<Envelope>();
        var outbox = t_outbox ??= new Outbox();
        // From the thread's pool: the government that merges it hands it back (TallyPool).
        var tally = TallyPool.Rent();
        inbox.Clear();
        inbox.AddRange(input.Mail);
        outbox.Messages.Clear();
        try
        {
            host.Step(input.Tick, input.Policy, inbox, outbox, tally);
            var sent = outbox.Messages;
            var output = new StepOutput(EnvelopeArrays.Copy(sent), new SealedTally(tally), host.OutputsAfter(input.Tick, input.Outputs));
            if (input.Last)
            {
                // The run's last tick: nothing will step, capture or restore this agent again, so it
                // goes now instead of waiting for a release call (its government knows not to send one).
                // The world cache is the government's to release: other leaves of this silo may still
                // be activating in a one-tick run.
                _host = null;
                DeactivateOnIdle();
            }
            return output;
        }
        finally
        {
            inbox.Clear();
            outbox.Messages.Clear();
        }
    }

    public Task<byte[]> CaptureAsync(int tick, long generation)
    {
        var (_, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        if (_host is null)
        {
            throw new RunStateLostException($"{id} has no state to checkpoint: its activation was lost (silo lost or stopped).");
        }
        Generations.Check(_generation, generation, id);
        return Task.FromResult(_host.Capture(tick));
    }

    public async Task RestoreAsync(int tick, long generation, byte[]? state)
    {
        var (runId, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        Generations.CheckRestore(_generation, generation, id);
        _host = new AgentHost(await worlds.GetAsync(runId), id, state, tick);
        _generation = generation;
    }

    public Task<AgentView> DescribeAsync()
    {
        if (_host is null)
        {
            // Not stepped (or released): report nothing rather than create the agent for a look
            // (and never deactivate here: a first step may be creating it right now).
            var (_, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
            return Task.FromResult(new AgentView(id, false, 0, new Dictionary<string, double>(), []));
        }
        return Task.FromResult(new AgentView(_host.Id, true, _host.NextTick, _host.Describe(), []));
    }

    public Task ReleaseAsync()
    {
        if (_host is not null)
        {
            worlds.Release(GrainKeys.Parse(this.GetPrimaryKeyString()).RunId);
        }
        _host = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
