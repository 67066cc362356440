using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// The public service a department leads and the data it needs (docs/MODEL.md §6.13, §6.16). The
/// service needs data held by <c>services.sources</c> other departments, drawn at initialisation (some
/// in other governments or provinces). A source counts only through a path the department knows of
/// by messages: a link on which the source provides data (its data readiness arrives with the offer
/// and with quarterly feeds), the province's unified platform (the share of the province's data
/// published there, relayed down with directives), or — across provinces — the national exchange
/// when a national chief runs it and both provinces have platforms. What a citizen gets is the
/// department's own systems on the cloud times the data available, changed by the levers.
/// </summary>
public sealed partial class DepartmentAgent
{
    private readonly AgentId[] _needs;
    /// <summary>Share of the province's platform built, its data available there, and on the national exchange, as last relayed (−1: unknown).</summary>
    private double _platformBuilt = -1, _platformAvailability = -1, _nationalAvailability = -1;
    private double _quality;
    private double _dataAvailable;
    private int _unmetNeeds;
    /// <summary>Summed adoption lead of linked partners that are ahead, capped at 1 (the spillover's base).</summary>
    private double _aheadGap;
    /// <summary>Links changed, a feed or a relay arrived, or a system moved since the last refresh.</summary>
    private bool _servicesDirty = true;

    public IReadOnlyList<AgentId> DataNeeds => _needs;

    /// <summary>
    /// Draws the sources of its service: with probability <c>services.within-share</c> another
    /// department of its own government, with <c>services.region-share</c> one of another government of
    /// the province, otherwise one of another province; where the topology has none of the kind drawn,
    /// the nearest kind that exists.
    /// </summary>
    private AgentId[] DrawNeeds(ref Rng rng)
    {
        var k = _world.K;
        int count = k.Int(Constants.ServiceSources);
        if (count == 0) return [];
        var needs = new AgentId[count];
        double within = k[Constants.SourceWithinShare], region = k[Constants.SourceRegionShare];
        for (int i = 0; i < count; i++)
        {
            double u = rng.NextDouble();
            if (u >= within + region && _world.ProvinceCount > 1)
            {
                int p = rng.Next(_world.ProvinceCount - 1);
                if (p >= Id.Province) p++;
                needs[i] = _world.RandomDepartment(_world.RandomGovernment(p, AgentId.Environment, ref rng), -1, ref rng);
            }
            else if (u >= within && _world.GovernmentsOf(Id.Province).Count > 1)
            {
                needs[i] = _world.RandomDepartment(_world.RandomGovernment(Id.Province, Id.Government, ref rng), -1, ref rng);
            }
            else if (_world.DepartmentKinds > 1)
            {
                needs[i] = _world.RandomDepartment(Id.Government, Id.Index, ref rng);
            }
            else
            {
                return needs[..i];
            }
        }
        return needs;
    }

    private SharingChannel ChannelTo(AgentId other) =>
        other.Province != Id.Province ? SharingChannel.CrossProvince
        : other.Government == Id.Government ? SharingChannel.WithinGovernment
        : SharingChannel.CrossRegion;

    private void ReceiveAvailability(Directive directive, ConstantValues k)
    {
        if (directive.PlatformReadiness >= 0)
        {
            double initial = k[Constants.InitialReadiness];
            _platformBuilt = initial >= 1 ? 1 : Math.Max(0, (directive.PlatformReadiness - initial) / (1 - initial));
        }
        if (directive.DataAvailability >= 0) _platformAvailability = directive.DataAvailability;
        if (directive.NationalAvailability >= 0) _nationalAvailability = directive.NationalAvailability;
        _servicesDirty = true;
    }

    private void ReceiveFeed(AgentId from, DataFeed feed)
    {
        int i = FindLink(from);
        if (i >= 0 && _links[i].Receives)
        {
            _links[i] = _links[i] with { PartnerAdoption = feed.Adoption };
            _servicesDirty = true;
        }
    }

    /// <summary>Quarterly (staggered by kind), a provider tells each partner it provides to how much of its data is on the cloud.</summary>
    private void SendFeeds(int tick, ConstantValues k, Outbox outbox)
    {
        int period = k.Int(Constants.EvaluationPeriod);
        if ((tick + Id.Index) % period != 0 || _links.Count == 0) return;
        double adoption = Adoption;
        foreach (var link in _links)
        {
            if (link.Provides) outbox.Send(link.Partner, new DataFeed(adoption));
        }
    }

    /// <summary>
    /// The path to source <paramref name="need"/> and the share of its data that arrives: a receiving
    /// link brings what the source last reported; the platform the province's published share; the
    /// national exchange the nation's. 0 with no path.
    /// </summary>
    private (bool Path, double Available) Source(AgentId need, in StepContext context, ProvinceGovernance governance)
    {
        bool path = false;
        double available = 0;
        int i = FindLink(need);
        if (i >= 0 && _links[i].Receives)
        {
            path = true;
            available = _links[i].PartnerAdoption;
        }
        if (!governance.Platform || !context.Scenario.Mechanisms.UnifiedPlatform) return (path, available);
        if (need.Province == Id.Province)
        {
            if (_platformBuilt > 0)
            {
                path = true;
                available = Math.Max(available, Math.Max(0, _platformAvailability));
            }
        }
        else if (context.Policy.NationalChief && context.Policy.Of(need.Province).Platform && _nationalAvailability > 0)
        {
            path = true;
            available = Math.Max(available, _nationalAvailability);
        }
        return (path, available);
    }

    /// <summary>
    /// Recomputes what depends on links, relays and its own adoption: unmet needs, the data available
    /// to its service, the spillover base, the upkeep of its links and the quality it delivers.
    /// </summary>
    private void RefreshServices(in StepContext context, ProvinceGovernance governance)
    {
        var k = context.K;
        if (_servicesDirty)
        {
            _servicesDirty = false;
            int unmet = 0;
            double sum = 0;
            foreach (var need in _needs)
            {
                var (path, available) = Source(need, context, governance);
                if (!path) unmet++;
                sum += available;
            }
            _unmetNeeds = unmet;
            _dataAvailable = _needs.Length == 0 ? 1.0 : sum / _needs.Length;
            double adoption = Adoption, ahead = 0;
            foreach (var link in _links)
            {
                if (link.PartnerAdoption > adoption) ahead += link.PartnerAdoption - adoption;
            }
            _aheadGap = Math.Min(1.0, ahead);
            _upkeep = k[Constants.LinkUpkeep] * Math.Pow(_links.Count, k[Constants.UpkeepExponent]);
        }
        double own = k[Constants.OwnData];
        double service = Adoption * (own + (1 - own) * _dataAvailable);
        double levers = 1 + k[Constants.ContractGain] * ContractValue(k, governance.Horizontal) + k[Constants.ImprovementGain] * _improvement;
        _quality = Math.Clamp(service * levers, 0, 1);
    }

    /// <summary>
    /// Systems whose data it publishes on the province's unified platform: what is really on the cloud,
    /// times the share it publishes — its willingness, plus the mandate of the hierarchy (× V).
    /// </summary>
    private int Published(in StepContext context, ProvinceGovernance governance)
    {
        if (!governance.Platform || !context.Scenario.Mechanisms.UnifiedPlatform) return 0;
        double share = Math.Clamp(_willingness + context.K[Constants.PublishMandate] * governance.Vertical, 0, 1);
        return (int)Math.Round(_migrated * share);
    }
}
