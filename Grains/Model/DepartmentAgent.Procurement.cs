using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// Government–enterprise outsourcing (article §4.2): tender (t) → bids (t+1) → award to the best
/// bid (t+2) → the firm works until the contract ends and delivers. An active contract adds capacity
/// to migration and lifts service quality, so departments keep outsourcing after migrating.
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
    private double _deliveredQuality;

    private double ContractActiveQuality => _tick < _contractUntil ? _contractQuality : 0.0;

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
                _deliveredQuality = Math.Max(_deliveredQuality, delivery.Quality);
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

    private void OpenTender(int tick, Policy policy, Outbox outbox, ref Rng rng)
    {
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
