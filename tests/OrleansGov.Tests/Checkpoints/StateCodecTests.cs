using System.Runtime.CompilerServices;
using OrleansGov.Checkpoints;
using OrleansGov.Metrics;
using OrleansGov.Model;

namespace OrleansGov.Tests.Checkpoints;

/// <summary>The generic state walker: what it captures, in which order, and what it refuses loudly.</summary>
public sealed class StateCodecTests
{
    [Fact]
    public void Every_agent_class_of_the_model_can_be_captured_and_names_its_fields()
    {
        Assert.NotEmpty(AgentState.AgentTypes);
        foreach (var type in AgentState.AgentTypes)
        {
            var description = StateCodec.Describe(type); // throws on a field the walker cannot capture
            var fields = type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
                .Where(f => !StateCodec.IsShared(f));
            Assert.All(fields, f => Assert.Contains("." + f.Name + ":", description));
        }
    }

    [Fact]
    public void A_field_the_walker_cannot_capture_fails_naming_the_field()
    {
        var delegateField = Assert.Throws<UnsupportedStateException>(() => StateCodec.Describe(typeof(AgentWithDelegate)));
        Assert.Contains("AgentWithDelegate._callback", delegateField.Message);

        var objectField = Assert.Throws<UnsupportedStateException>(() => StateCodec.Describe(typeof(AgentWithObject)));
        Assert.Contains("AgentWithObject._anything", objectField.Message);

        var foreignClass = Assert.Throws<UnsupportedStateException>(() => StateCodec.Describe(typeof(AgentWithQueue)));
        Assert.Contains("AgentWithQueue._queue", foreignClass.Message);
        Assert.Contains("Queue<Int32>", foreignClass.Message);
    }

    [Fact]
    public void Structs_inline_arrays_nullables_collections_and_polymorphic_records_round_trip()
    {
        var value = new Holder
        {
            Counts = default,
            Maybe = AgentId.Nation,
            None = null,
            Pairs = [(AgentId.Nation, 3, 4), (new AgentId(99), -1, 7)],
            Map = new Dictionary<string, double> { ["b"] = 2.5, ["a"] = double.NaN },
            Set = [5, 1, 3],
            Messages = [new Directive(0.5, 10, 1, 0.3, 0.2), new ShareRequest(1, SharingChannel.CrossRegion, 2, 0.1), null!],
            Text = null,
            Matrix = [[1, 2], []],
        };
        value.Counts[0] = 7;
        value.Counts[2] = -9;

        var copy = StateCodec.FromBytes<Holder>(StateCodec.ToBytes(value));

        Assert.Equal(7, copy.Counts[0]);
        Assert.Equal(0, copy.Counts[1]);
        Assert.Equal(-9, copy.Counts[2]);
        Assert.Equal(AgentId.Nation, copy.Maybe);
        Assert.Null(copy.None);
        Assert.Equal(value.Pairs, copy.Pairs);
        Assert.Equal(value.Map, copy.Map);
        Assert.Equal(value.Set.Order(), copy.Set.Order());
        Assert.Equal(value.Messages, copy.Messages);
        Assert.Null(copy.Text);
        Assert.Equal(value.Matrix[0], copy.Matrix[0]);
        Assert.Empty(copy.Matrix[1]);
    }

    [Fact]
    public void Dictionaries_and_sets_are_written_in_key_order_whatever_their_history()
    {
        var a = new Holder { Map = new() { ["x"] = 1, ["y"] = 2 }, Set = [1, 2, 3] };
        var b = new Holder { Map = new() { ["z"] = 0, ["y"] = 2 }, Set = [3, 9, 2, 1] };
        b.Map.Remove("z");
        b.Map["x"] = 1;
        b.Set.Remove(9);

        Assert.Equal(StateCodec.ToBytes(a), StateCodec.ToBytes(b));
    }

    [Fact]
    public void Restoring_fills_the_fresh_object_in_place_and_keeps_its_shared_world()
    {
        var world = new World(Support.TestScenarios.Small());
        var id = world.AllAgents().First(a => a.Kind == AgentKind.Department);
        var fresh = AgentFactory.Create(world, id);
        var bytes = AgentState.Capture(fresh);

        var restored = AgentState.Restore(world, id, bytes);

        Assert.Equal(bytes, AgentState.Capture(restored));
        var worldField = restored.GetType().GetField("_world", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        Assert.Same(world, worldField?.GetValue(restored));
    }

    private sealed class Holder
    {
        public Counts3 Counts;
        public AgentId? Maybe;
        public AgentId? None;
        public List<(AgentId, int, int)> Pairs = [];
        public Dictionary<string, double> Map = [];
        public HashSet<int> Set = [];
        public AgentMessage[] Messages = [];
        public string? Text = "x";
        public int[][] Matrix = [];
    }

    [InlineArray(3)]
    private struct Counts3
    {
        private long _first;
    }

    private sealed class AgentWithDelegate(AgentId id) : TestAgent(id)
    {
        private readonly Func<int> _callback = () => 1;
        public int Call() => _callback();
    }

    private sealed class AgentWithObject(AgentId id) : TestAgent(id)
    {
        private readonly object _anything = new();
        public object Anything => _anything;
    }

    private sealed class AgentWithQueue(AgentId id) : TestAgent(id)
    {
        private readonly Queue<int> _queue = new();
        public int Count => _queue.Count;
    }

    private abstract class TestAgent(AgentId id) : Agent(id)
    {
        public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics) { }
        public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>();
    }
}
