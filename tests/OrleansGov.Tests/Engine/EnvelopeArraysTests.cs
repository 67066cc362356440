using OrleansGov.Agents;
using OrleansGov.Model;
using OrleansGov.Tests.Support;

namespace OrleansGov.Tests.Engine;

/// <summary>
/// Mail boxes and outgoing mail are recycled (docs/PERFORMANCE.md, round 10): an array comes back
/// cleared, of the length asked for, and a mailroom's next hand-out holds only the next tick's mail.
/// </summary>
public sealed class EnvelopeArraysTests
{
    private static readonly World SmallWorld = new(TestScenarios.Small());

    [Fact]
    public void A_returned_array_is_rented_again_cleared_and_only_for_its_length()
    {
        var letter = new Envelope(AgentId.Nation, AgentId.Nation, 0, new InterventionNotice(OrleansGov.Scenarios.InterventionKind.AttentionShift, 0.5));
        var array = EnvelopeArrays.Copy([letter, letter, letter]);
        Assert.Equal(3, array.Length);

        EnvelopeArrays.Return(array);

        Assert.NotSame(array, EnvelopeArrays.Rent(2));
        var again = EnvelopeArrays.Rent(3);
        Assert.Same(array, again);
        Assert.All(again, e => Assert.Equal(default, e));
        Assert.Empty(EnvelopeArrays.Rent(0));
    }

    [Fact]
    public void After_recycling_a_mailroom_hands_out_only_the_next_ticks_mail()
    {
        var province = SmallWorld.ProvinceGovernment(0);
        var leaves = SmallWorld.Leaves(province);
        var mail = new Mailroom(province, leaves, SmallWorld.ChildGovernments(province));
        Envelope To(AgentId to, int sequence) => new(province, to, sequence, new InterventionNotice(OrleansGov.Scenarios.InterventionKind.AttentionShift, 0.5));

        mail.Drop(To(leaves[0], 0));
        mail.Drop(To(leaves[0], 1));
        mail.Drop(To(leaves[1], 2));
        var first = mail.TakeAll();
        Assert.Equal([0, 1], first[1].Select(e => e.Sequence));
        mail.RecycleBoxes();
        mail.Drop(To(leaves[1], 3));
        var second = mail.TakeAll();

        Assert.Empty(second[1]);
        Assert.Equal(3, Assert.Single(second[2]).Sequence);
        Assert.Equal(1, second.Sum(box => box.Length));
    }
}
