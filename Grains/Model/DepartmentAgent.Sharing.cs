using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// The data-sharing protocol, across ticks: request (t) → offer / counter-offer / refusal (t+1) →
/// accept or a new round or refusal (t+2); a refused requester may escalate to an arbiter (the
/// province's office; the national chief across provinces) whose ruling reopens the request with a
/// mandate. Requests time out. The requester counts deals and closures, the provider its refusals.
/// A department asks for the data its service needs (<c>.Services.cs</c>); a plain offer makes the
/// provider give data one way, an accepted counter-offer makes it two-way (reciprocal).
/// </summary>
public sealed partial class DepartmentAgent
{
    // Empty until first used (then sized to their maximum once): many departments never negotiate.
    private readonly List<Link> _links = new();
    private readonly List<OpenRequest> _open = new();
    // Per channel, inline in the agent (no array objects: departments are ~72% of a large world's agents).
    private ChannelCounts _deals;
    private ChannelCounts _closed;
    private long _refusals;
    private int _nextRequestId;
    /// <summary>
    /// No open request times out and no link lapses before this tick (a lower bound, lowered whenever
    /// an expiry is set). Lets <see cref="ExpireNegotiations"/> skip the lists on most ticks: their
    /// arrays live apart from the agent, and reading them every tick for every department was the
    /// reference engine's largest cost (a cache miss each; docs/PERFORMANCE.md, round 4).
    /// </summary>
    private int _nextExpiry = int.MaxValue;

    [System.Runtime.CompilerServices.InlineArray(3)]
    private struct ChannelCounts
    {
        private long _first;
    }

    /// <summary>
    /// A data-sharing link: whether this department provides data to the partner, receives data from
    /// it, and the partner's data readiness as last reported (offer, acceptance or feed).
    /// </summary>
    private readonly record struct Link(AgentId Partner, SharingChannel Channel, int Until, bool Provides, bool Receives, double PartnerAdoption);

    private record struct OpenRequest(int Id, AgentId Partner, SharingChannel Channel, int Round, int LastActivity, bool Escalated);

    /// <summary>The horizontal dial as negotiation feels it: 0 when the horizontal-coordination mechanism is off.</summary>
    private static double NegotiationH(in StepContext context) =>
        context.Scenario.Mechanisms.HorizontalCoordination ? context.Policy.Horizontal : 0.0;

    private bool ReceiveNegotiation(in Envelope envelope, in StepContext context, Outbox outbox, MetricsAccumulator metrics, ref Rng rng)
    {
        var policy = context.Policy;
        if (envelope.Body is ShareRequest or ArbitrationRuling or ShareOffer or ShareAccept or ShareReject or ShareDecline)
        {
            _roundsThisTick++;
        }
        switch (envelope.Body)
        {
            case ShareRequest request:
                Answer(envelope.From, request.RequestId, request.Channel, request.Round, request.Mandate, context, outbox, metrics, ref rng);
                return true;
            case ArbitrationRuling ruling:
                Answer(ruling.Requester, ruling.RequestId, ruling.Channel, context.Scenario.Mechanisms.Negotiation.MaxRounds, ruling.Strength, context, outbox, metrics, ref rng);
                return true;
            case ShareOffer offer:
                OnOffer(envelope.From, offer, context, outbox, metrics, ref rng);
                return true;
            case ShareAccept accept:
                // The provider now gives data; it receives some back only if its counter-offer was accepted.
                AddLink(envelope.From, accept.Channel, provides: true, receives: accept.Reciprocal, accept.Adoption);
                return true;
            case ShareReject reject:
                OnRefused(envelope.From, reject.RequestId, policy, context.Scenario.Mechanisms.Arbitration, outbox, metrics, ref rng);
                return true;
            case ShareDecline:
                return true; // the provider keeps no state for requests it answered
            default:
                return false;
        }
    }

    /// <summary>
    /// The provider's decision. Willingness to share counts more as horizontal coordination rises;
    /// linkage, an arbiter's mandate, supervision pressure and a mature platform make sharing easier;
    /// distance (another region or province) makes it harder unless horizontal coordination offsets it.
    /// Between a clear yes and a no lies a band of counter-offers, wider when coordination is high.
    /// </summary>
    private void Answer(AgentId requester, int requestId, SharingChannel channel, int round, double mandate,
        in StepContext context, Outbox outbox, MetricsAccumulator metrics, ref Rng rng)
    {
        var policy = context.Policy;
        var governance = policy.Of(Id.Province);
        var k = context.K;
        double h = NegotiationH(context);
        double platformEase = context.Scenario.Mechanisms.UnifiedPlatform && governance.Platform
            ? k[Constants.PlatformEase] * Math.Max(0, _platformBuilt)
            : 0;
        double score = _willingness * (k[Constants.WillingnessBase] + k[Constants.WillingnessH] * h)
                       + k[Constants.LinkageWeight] * policy.Linkage
                       + k[Constants.MandateWeight] * mandate
                       + k[Constants.PressureWeight] * _pressure * governance.Vertical
                       + platformEase
                       - ConstantLookups.ChannelCost(k, channel) * (1 - h);
        double u = rng.NextDouble();
        if (u < score)
        {
            SendNegotiation(outbox, metrics, requester, new ShareOffer(requestId, channel, Counter: false, Adoption));
        }
        else if (round < context.Scenario.Mechanisms.Negotiation.MaxRounds && u < score + k[Constants.CounterBand] * h)
        {
            SendNegotiation(outbox, metrics, requester, new ShareOffer(requestId, channel, Counter: true, Adoption));
        }
        else
        {
            SendNegotiation(outbox, metrics, requester, new ShareReject(requestId, channel));
            _refusals++;
            _refusalsSinceReport++;
        }
    }

    private void OnOffer(AgentId provider, ShareOffer offer, in StepContext context, Outbox outbox, MetricsAccumulator metrics, ref Rng rng)
    {
        int i = FindOpen(provider, offer.RequestId);
        if (i < 0) return; // timed out already
        var request = _open[i];
        var policy = context.Policy;
        var k = context.K;
        if (!offer.Counter || rng.Chance(_willingness + k[Constants.CounterAcceptH] * NegotiationH(context) + k[Constants.CounterAcceptLinkage] * policy.Linkage))
        {
            // A counter-offer asks for data in return: accepting it makes the link two-way (reciprocal).
            SendNegotiation(outbox, metrics, provider, new ShareAccept(request.Id, request.Channel, Reciprocal: offer.Counter, Adoption));
            AddLink(provider, request.Channel, provides: offer.Counter, receives: true, offer.Adoption);
            _deals[(int)request.Channel]++;
            Close(i);
        }
        else if (request.Round < context.Scenario.Mechanisms.Negotiation.MaxRounds)
        {
            _open[i] = request with { Round = request.Round + 1, LastActivity = context.Tick };
            NoteActivity(context.Tick);
            SendNegotiation(outbox, metrics, provider, new ShareRequest(request.Id, request.Channel, request.Round + 1, 0));
        }
        else
        {
            SendNegotiation(outbox, metrics, provider, new ShareDecline(request.Id, request.Channel));
            Close(i);
        }
    }

    /// <summary>A refusal: escalate once to an arbiter if one exists and the hierarchy invites it (probability V), else give up.</summary>
    private void OnRefused(AgentId provider, int requestId, Policy policy, bool arbitration, Outbox outbox, MetricsAccumulator metrics, ref Rng rng)
    {
        int i = FindOpen(provider, requestId);
        if (i < 0) return; // a stale answer to a request that already timed out
        var request = _open[i];
        var governance = policy.Of(Id.Province);
        // Only an office at work arbitrates inside a province (none without the Cloud Chief system).
        AgentId? arbiter = request.Channel == SharingChannel.CrossProvince
            ? (policy.NationalChief ? AgentId.Nation : null)
            : governance.Office ? _world.Office(Id.Province) : null;
        if (arbitration && !request.Escalated && arbiter is { } to && rng.Chance(governance.Vertical))
        {
            _open[i] = request with { Escalated = true, LastActivity = _tick };
            NoteActivity(_tick);
            SendNegotiation(outbox, metrics, to, new ShareDispute(request.Id, provider, request.Channel));
            return;
        }
        Close(i);
    }

    /// <summary>
    /// Asks for data its service needs and gets by no path yet, when the channel to that source exists
    /// under the current dials. The source is the first such need from a random start, so needs are
    /// tried in turn.
    /// </summary>
    private void OpenNegotiation(in StepContext context, ProvinceGovernance governance, Outbox outbox, MetricsAccumulator metrics, ref Rng rng)
    {
        var k = context.K;
        if (_needs.Length == 0 || _unmetNeeds == 0 || _open.Count >= k.Int(Constants.MaxOpenRequests)) return;
        var policy = context.Policy;
        double h = NegotiationH(context);
        if (!rng.Chance(context.Scenario.Mechanisms.Negotiation.RequestRate * (1 + k[Constants.LinkageRequestBoost] * policy.Linkage))) return;

        int start = rng.Next(_needs.Length);
        AgentId partner = default;
        bool found = false;
        for (int j = 0; j < _needs.Length && !found; j++)
        {
            var need = _needs[(start + j) % _needs.Length];
            if (HasOpenWith(need) || Source(need, context, governance).Path) continue;
            partner = need;
            found = true;
        }
        if (!found) return;

        var channel = ChannelTo(partner);
        // Which horizontal channels exist: cross-region links come from horizontal coordination or from
        // the province's cloud-chief hierarchy; cross-province links from horizontal coordination or a
        // national chief (article §3.3, challenge 3).
        double open = channel switch
        {
            SharingChannel.WithinGovernment => 1.0,
            SharingChannel.CrossRegion => Math.Min(1.0, k[Constants.RegionOpenH] * h + k[Constants.RegionOpenV] * governance.Vertical),
            _ => k[Constants.ProvinceOpenH] * h + (policy.NationalChief ? k[Constants.ProvinceOpenV] * governance.Vertical : 0),
        };
        if (!rng.Chance(open)) return;

        int id = _nextRequestId++;
        if (_open.Capacity == 0) _open.Capacity = Math.Max(1, k.Int(Constants.MaxOpenRequests));
        _open.Add(new OpenRequest(id, partner, channel, Round: 0, LastActivity: context.Tick, Escalated: false));
        NoteActivity(context.Tick);
        SendNegotiation(outbox, metrics, partner, new ShareRequest(id, channel, Round: 0, Mandate: 0));
    }

    /// <summary>Requests with no answer for longer than the timeout fail; deals past their term lapse.</summary>
    private void ExpireNegotiations(int tick, MetricsAccumulator metrics)
    {
        if (tick < _nextExpiry) return;
        int timeout = _world.Scenario.Mechanisms.Negotiation.TimeoutTicks;
        int next = int.MaxValue;
        for (int i = _open.Count - 1; i >= 0; i--)
        {
            if (tick - _open[i].LastActivity > timeout) Close(i);
            else next = Math.Min(next, TimesOutAt(_open[i].LastActivity));
        }
        for (int i = _links.Count - 1; i >= 0; i--)
        {
            if (_links[i].Until < tick) RemoveLink(i);
            else next = Math.Min(next, _links[i].Until + 1);
        }
        _nextExpiry = next;
    }

    /// <summary>An open request was active at <paramref name="tick"/>: it cannot time out before <see cref="TimesOutAt"/>.</summary>
    private void NoteActivity(int tick) => _nextExpiry = Math.Min(_nextExpiry, TimesOutAt(tick));

    /// <summary>The first tick at which a request last active at <paramref name="lastActivity"/> has timed out (saturating: any timeout is allowed).</summary>
    private int TimesOutAt(int lastActivity) =>
        (int)Math.Min((long)lastActivity + _world.Scenario.Mechanisms.Negotiation.TimeoutTicks + 1, int.MaxValue);

    private void Close(int index)
    {
        _closed[(int)_open[index].Channel]++;
        _open.RemoveAt(index);
    }

    // Plain loops rather than lambdas: these run every tick for every department and a capturing
    // lambda allocates a closure per call.
    private int FindOpen(AgentId partner, int requestId)
    {
        for (int i = 0; i < _open.Count; i++)
        {
            if (_open[i].Id == requestId && _open[i].Partner == partner) return i;
        }
        return -1;
    }

    private bool HasOpenWith(AgentId partner)
    {
        for (int i = 0; i < _open.Count; i++)
        {
            if (_open[i].Partner == partner) return true;
        }
        return false;
    }

    private int FindLink(AgentId partner)
    {
        for (int i = 0; i < _links.Count; i++)
        {
            if (_links[i].Partner == partner) return i;
        }
        return -1;
    }

    /// <summary>Adds a link, or renews one (its directions add up, its partner's readiness is the newest).</summary>
    private void AddLink(AgentId partner, SharingChannel channel, bool provides, bool receives, double partnerAdoption)
    {
        int until = _tick + _world.K.Int(Constants.LinkDuration);
        _nextExpiry = Math.Min(_nextExpiry, until + 1);
        int i = FindLink(partner);
        if (i >= 0)
        {
            var old = _links[i];
            if (Unreciprocated(old)) _unreciprocated--;
            _links[i] = old with { Until = until, Provides = old.Provides || provides, Receives = old.Receives || receives, PartnerAdoption = partnerAdoption };
            if (Unreciprocated(_links[i])) _unreciprocated++;
        }
        else
        {
            if (_links.Capacity == 0) _links.Capacity = 4;
            var link = new Link(partner, channel, until, provides, receives, partnerAdoption);
            _links.Add(link);
            if (Unreciprocated(link)) _unreciprocated++;
        }
        _servicesDirty = true;
    }

    private void RemoveLink(int index)
    {
        if (Unreciprocated(_links[index])) _unreciprocated--;
        _links.RemoveAt(index);
        _servicesDirty = true;
    }

    /// <summary>It gives data on this link and gets none back (free-riding on it, §6.19).</summary>
    private static bool Unreciprocated(in Link link) => link.Provides && !link.Receives;

    private void SendNegotiation(Outbox outbox, MetricsAccumulator metrics, AgentId to, AgentMessage message)
    {
        outbox.Send(to, message);
        metrics.Rounds++;
        _roundsThisTick++;
    }
}
