using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// Government–enterprise outsourcing (article §4.2): tender (t) → bids (t+1) → award to the best
/// bid (t+2) → the firm works until the contract ends and delivers. An active contract adds capacity
/// to migration (and costs some to manage, §6.19), and changes the service by its value: the firm's
/// quality times how well the contract specifies what citizens need — better with horizontal
/// coordination ("demand coordination") — minus the quality of in-house delivery. A weak firm or a
/// poorly specified contract lowers the service (§6.13).
/// </summary>
public sealed partial class DepartmentAgent
{
    private int _nextTenderId;
    private int _openTender = -1;
    private int _tenderTick;
    private AgentId? _bestBidder;
    private double _bestScore, _bestQuality;
    private int _contractUntil = -1;
    private double _contractQuality;
    /// <summary>The lasting value of delivered projects (never negative), fading.</summary>
    private double _deliveredValue;

    private double ContractActiveQuality => _tick < _contractUntil ? _contractQuality : 0.0;

    /// <summary>How well a contract specifies the demand: spec-base + (1 − spec-base) × H.</summary>
    private static double Specification(ConstantValues k, double horizontal)
    {
        double b = k[Constants.SpecBase];
        return b + (1 - b) * horizontal;
    }

    /// <summary>An active contract's value (may be negative), else what delivered projects left behind.</summary>
    private double ContractValue(ConstantValues k, double horizontal) =>
        ContractActiveQuality > 0
            ? ContractActiveQuality * Specification(k, horizontal) - k[Constants.QualityBar]
            : _deliveredValue;

    private void ReceiveProcurement(in Envelope envelope)
    {
        switch (envelope.Body)
        {
            case Bid bid when bid.TenderId == _openTender:
                double score = bid.Quality - _world.K[Constants.PriceWeight] * bid.Price;
                // Strictly better only: ties go to the lower enterprise id, which comes first in the sorted inbox.
                if (_bestBidder is null || score > _bestScore)
                {
                    _bestBidder = envelope.From;
                    _bestScore = score;
                    _bestQuality = bid.Quality;
                }
                break;
            case Delivery delivery:
                var k = _world.K;
                double horizontal = _lastHorizontal;
                _deliveredValue = Math.Max(_deliveredValue, delivery.Quality * Specification(k, horizontal) - k[Constants.QualityBar]);
                break;
        }
    }

    private void AwardTender(int tick, Outbox outbox)
    {
        if (_openTender < 0 || tick < _tenderTick + 2) return;
        if (_bestBidder is { } winner)
        {
            _contractUntil = tick + _world.K.Int(Constants.ContractDuration);
            _contractQuality = _bestQuality;
            outbox.Send(winner, new Award(_openTender, _contractUntil));
        }
        _openTender = -1;
        _bestBidder = null;
    }

    /// <summary>H of its province at its last tender check (a delivery is valued against it).</summary>
    private double _lastHorizontal;

    private void OpenTender(int tick, Policy policy, Outbox outbox, ref Rng rng)
    {
        _lastHorizontal = policy.Of(Id.Province).Horizontal;
        // Firms are hired for running digital services too, not only for migration: a department
        // keeps outsourcing after its last system is on the cloud (article §4.2).
        if (policy.Outsourcing <= 0 || _openTender >= 0 || tick < _contractUntil) return;
        var k = _world.K;
        if (!rng.Chance(policy.Outsourcing * k[Constants.TenderRate])) return;
        int invitations = k.Int(Constants.EnterprisesInvited);
        Span<AgentId> invited = invitations <= 16 ? stackalloc AgentId[invitations] : new AgentId[invitations];
        int count = 0;
        for (int i = 0; i < invitations; i++)
        {
            if (_world.RandomEnterprise(Id.Province, ref rng) is { } enterprise && !invited[..count].Contains(enterprise))
            {
                invited[count++] = enterprise;
            }
        }
        if (count == 0) return;
        _openTender = _nextTenderId++;
        _tenderTick = tick;
        foreach (var enterprise in invited[..count])
        {
            outbox.Send(enterprise, new Tender(_openTender));
        }
    }
}
