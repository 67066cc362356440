using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// A province, city or county government. Where its province has the Cloud Chief system (and its
/// level has chiefs), it is led by cloud chiefs (article §3.1) whose attention drives how strongly its
/// directives bind: each chief has an attention and a decay rate of their own, is replaced from time
/// to time (cadre rotation) and, at a province, can be distracted by a crisis. Without the system its
/// leaders give digital government only the baseline attention, never boosted. It reads its
/// departments' reports, sanctions laggards, obstructers and departments citizens complained about when
/// accountability is on, answers constructive proposals, relays the platform's state and the data
/// available on it, and reports upward. Province governments also host the first cloud chief and system
/// cloud chiefs, hold regular meetings and fund the Cloud Chief Office.
/// </summary>
public sealed class GovernmentAgent : Agent
{
    private readonly World _world;
    /// <summary>This level has its own chief when the system exists (Guangxi's counties do not: they relay).</summary>
    private readonly bool _chiefLevel;
    private readonly double _authority;
    private readonly AgentId _parent;
    private readonly AgentId[] _children;
    private readonly bool _hasFirstChief;
    private bool _appointed;
    private Chief _general;
    private Chief _first;
    private readonly Chief[] _systemChiefs;
    private double _relayedBinding;      // for a government without its own chief
    private double _platformReadiness = -1, _dataAvailability = -1, _nationalAvailability = -1;
    private readonly int[] _deptSystems, _deptMigrated, _deptRefusals, _deptPublished, _proposals, _complaints;
    private readonly bool[] _deptBehind;
    private readonly Dictionary<AgentId, (int Systems, int Migrated, bool Behind, int Published)> _childReports = new();
    private int _shockUntil = int.MinValue;

    public GovernmentAgent(World world, AgentId id) : base(id)
    {
        _world = world;
        _chiefLevel = world.HasChief(id);
        _authority = ConstantLookups.Authority(world.K, id.Level);
        _parent = world.Parent(id);
        _children = [.. world.ChildGovernments(id)];
        var chiefs = world.Province(id.Province).Chiefs;
        bool province = id.Level == GovernmentLevel.Province;
        _hasFirstChief = province && chiefs.FirstChief;
        _systemChiefs = province ? new Chief[chiefs.SystemChiefs] : [];
        _general.Attention = world.Scenario.Mechanisms.Attention.Baseline;
        int d = world.DepartmentKinds;
        _deptSystems = new int[d];
        _deptMigrated = new int[d];
        _deptRefusals = new int[d];
        _deptPublished = new int[d];
        _proposals = new int[d];
        _complaints = new int[d];
        _deptBehind = new bool[d];
    }

    /// <summary>The general chief's attention (the leader's baseline attention without chiefs).</summary>
    public double ChiefAttention => _general.Attention;

    /// <summary>The general chief's decay rate per tick.</summary>
    public double ChiefDecay => _general.Decay;

    /// <summary>Its cloud chiefs are in office.</summary>
    public bool Appointed => _appointed;

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var settings = context.Scenario.Mechanisms.Attention;
        var policy = context.Policy;
        var governance = policy.Of(Id.Province);
        var k = context.K;
        var rng = context.RngFor(Id);
        int tick = context.Tick;

        bool chiefs = governance.Chiefs && _chiefLevel;
        if (chiefs && !_appointed) Appoint(context, ref rng);
        else if (!chiefs && _appointed) Dismiss(settings);

        foreach (var envelope in inbox)
        {
            Receive(envelope, settings);
        }
        if (_appointed)
        {
            DecayAndMeet(tick, settings, governance);
            Rotate(context, ref rng);
        }
        if (Id.Level == GovernmentLevel.Province && context.Scenario.Mechanisms.Shocks)
        {
            MaybeShock(tick, k, ref rng);
        }

        int period = k.Int(Constants.DirectivePeriod), evaluation = k.Int(Constants.EvaluationPeriod);
        if (tick % period == 0)
        {
            IssueDirectives(tick, context, governance, outbox);
            if (context.Scenario.Mechanisms.Responsiveness) AnswerProposals(k, outbox);
            if (Id.Level == GovernmentLevel.Province && governance.Office)
            {
                double cut = tick < _shockUntil ? 1 - k[Constants.ShockBudgetCut] : 1;
                outbox.Send(_world.Office(Id.Province), new ResourceAllocation(Math.Clamp(governance.Vertical * EffectiveAttention(-1) * _authority * cut, 0, 1)));
            }
        }
        if (tick % evaluation == evaluation - 1 && _appointed && policy.Accountability > 0)
        {
            HoldAccountable(policy, governance, outbox);
        }
        if (tick % period == period - 1)
        {
            Report(tick, context, governance, outbox);
        }

        if (_appointed)
        {
            metrics.AddAttention(_general.Attention);
            if (_hasFirstChief) metrics.AddAttention(_first.Attention);
            foreach (var s in _systemChiefs) metrics.AddAttention(s.Attention);
        }
        else if (!governance.Chiefs)
        {
            // Without the system every government's leader counts, at the baseline attention.
            metrics.AddAttention(_general.Attention);
        }
    }

    private void Receive(in Envelope envelope, AttentionSettings settings)
    {
        switch (envelope.Body)
        {
            case InterventionNotice { Kind: InterventionKind.AttentionShift } shift when _appointed:
                // The leaders' attention moves elsewhere (article §3.3): general and first chief alike.
                _general.Attention = shift.Value;
                if (_hasFirstChief) _first.Attention = shift.Value;
                break;
            case Directive directive:
                if (directive.PlatformReadiness >= 0) _platformReadiness = directive.PlatformReadiness;
                if (directive.DataAvailability >= 0 && Id.Level != GovernmentLevel.Province) _dataAvailability = directive.DataAvailability;
                if (directive.NationalAvailability >= 0) _nationalAvailability = directive.NationalAvailability;
                _relayedBinding = directive.Binding;
                if (_appointed)
                {
                    // A chief's attention is pulled toward the attention of the chief above, as strongly
                    // as the directive binds relative to that attention (V × authority).
                    double strength = directive.Priority > 0 ? settings.DirectiveRefresh * directive.Binding / directive.Priority : 0;
                    _general.Attention = Attention.Follow(_general.Attention, directive.Priority, strength);
                    if (_hasFirstChief) _first.Attention = Attention.Follow(_first.Attention, directive.Priority, strength);
                    for (int i = 0; i < _systemChiefs.Length; i++) _systemChiefs[i].Attention = Attention.Follow(_systemChiefs[i].Attention, directive.Priority, strength);
                }
                break;
            case AccountabilitySanction sanction when _appointed:
                RefreshAll(settings.AccountabilityBoost * sanction.Severity);
                break;
            case PlatformStatus status:
                _platformReadiness = status.Readiness;
                break;
            case ProgressReport report when envelope.From.Kind == AgentKind.Department:
                int d = envelope.From.Index;
                _deptSystems[d] = report.Systems;
                _deptMigrated[d] = report.Migrated;
                _deptRefusals[d] += report.Refusals;
                _deptBehind[d] = report.Behind;
                _deptPublished[d] = report.Published;
                break;
            case ProgressReport report:
                _childReports[envelope.From] = (report.Systems, report.Migrated, report.Behind, report.Published);
                break;
            case Proposal proposal:
                _proposals[proposal.Department.Index]++;
                break;
            case Complaint complaint:
                _complaints[complaint.Department.Index]++;
                break;
        }
    }

    /// <summary>Chiefs take office (at the system's start, or when the province moves to a mode with chiefs): attention and decay of their own.</summary>
    private void Appoint(in StepContext context, ref Rng rng)
    {
        _appointed = true;
        _general = Chief.Appointed(context, ref rng);
        if (_hasFirstChief) _first = Chief.Appointed(context, ref rng);
        for (int i = 0; i < _systemChiefs.Length; i++) _systemChiefs[i] = Chief.Appointed(context, ref rng);
    }

    /// <summary>The system is gone: the leader's attention to digital government falls to the baseline.</summary>
    private void Dismiss(AttentionSettings settings)
    {
        _appointed = false;
        _general = new Chief { Attention = settings.Baseline };
    }

    private void DecayAndMeet(int tick, AttentionSettings settings, ProvinceGovernance governance)
    {
        _general.DecayOneTick(settings);
        if (_hasFirstChief) _first.DecayOneTick(settings);
        for (int i = 0; i < _systemChiefs.Length; i++) _systemChiefs[i].DecayOneTick(settings);

        // Regular meetings where the general chief hears every unit (Chongqing): how much they refresh
        // attention depends on how strongly the hierarchy integrates (V).
        int interval = _world.Province(Id.Province).Chiefs.MeetingInterval;
        if (Id.Level == GovernmentLevel.Province && interval > 0 && tick > 0 && tick % interval == 0)
        {
            RefreshAll(settings.MeetingBoost * governance.Vertical);
        }
    }

    /// <summary>Cadre rotation: each chief is replaced with probability 1 / (tenure × ticks per year) per tick.</summary>
    private void Rotate(in StepContext context, ref Rng rng)
    {
        if (!context.Scenario.Mechanisms.Rotation) return;
        double hazard = Chief.Hazard(context);
        if (rng.Chance(hazard)) _general = Chief.Successor(context, ref rng);
        if (_hasFirstChief && rng.Chance(hazard)) _first = Chief.Successor(context, ref rng);
        for (int i = 0; i < _systemChiefs.Length; i++)
        {
            if (rng.Chance(hazard)) _systemChiefs[i] = Chief.Successor(context, ref rng);
        }
    }

    /// <summary>A crisis (a disaster, a downturn, a campaign elsewhere): the province's chiefs turn away and the office budget is cut for a while.</summary>
    private void MaybeShock(int tick, ConstantValues k, ref Rng rng)
    {
        if (!rng.Chance(k[Constants.ShockRate])) return;
        _shockUntil = tick + k.Int(Constants.ShockDuration);
        if (!_appointed) return;
        double keep = 1 - k[Constants.ShockAttentionLoss];
        _general.Attention *= keep;
        if (_hasFirstChief) _first.Attention *= keep;
        for (int i = 0; i < _systemChiefs.Length; i++) _systemChiefs[i].Attention *= keep;
    }

    private void RefreshAll(double strength)
    {
        _general.Attention = Attention.Refresh(_general.Attention, strength);
        if (_hasFirstChief) _first.Attention = Attention.Refresh(_first.Attention, strength);
        for (int i = 0; i < _systemChiefs.Length; i++) _systemChiefs[i].Attention = Attention.Refresh(_systemChiefs[i].Attention, strength);
    }

    /// <summary>Attention behind a directive to department <paramref name="department"/> (-1: the government as a whole).</summary>
    private double EffectiveAttention(int department)
    {
        if (!_appointed) return _world.Scenario.Mechanisms.Attention.Baseline;
        double a = _hasFirstChief ? Attention.Combine(_general.Attention, _first.Attention) : _general.Attention;
        if (department >= 0 && _systemChiefs.Length > 0)
        {
            // A system chief supervises a group of departments (Chongqing's 系统云长).
            a = Math.Max(a, _systemChiefs[department % _systemChiefs.Length].Attention);
        }
        return a;
    }

    /// <summary>
    /// With its own chiefs: V × authority × attention. Under the system but without a chief of its own:
    /// the relayed binding × relay factor. Without the system: V × authority × the baseline attention.
    /// </summary>
    private double Binding(int department, ProvinceGovernance governance) =>
        _appointed || !governance.Chiefs
            ? governance.Vertical * _authority * EffectiveAttention(department)
            : _relayedBinding * _world.K[Constants.RelayFactor];

    private void IssueDirectives(int tick, in StepContext context, ProvinceGovernance governance, Outbox outbox)
    {
        var scenario = context.Scenario;
        int deadline = tick + scenario.Constants.Int(Constants.DirectiveHorizon);
        double target = Plan.Target(deadline, scenario);
        double priority = _appointed || !governance.Chiefs ? EffectiveAttention(-1) : _relayedBinding;
        double availability = Id.Level == GovernmentLevel.Province ? ProvinceAvailability(context.K, governance) : _dataAvailability;
        for (int d = 0; d < _world.DepartmentKinds; d++)
        {
            var to = AgentId.Create(AgentKind.Department, Id.Province, Id.City, Id.County, d);
            outbox.Send(to, new Directive(target, deadline, priority, Binding(d, governance), _platformReadiness, availability, _nationalAvailability));
        }
        double childBinding = Binding(-1, governance);
        foreach (var child in _children)
        {
            outbox.Send(child, new Directive(target, deadline, priority, childBinding, _platformReadiness, availability, _nationalAvailability));
        }
    }

    /// <summary>Share of the province's data on its platform: the published share of its systems (last reports) × the share of the platform built.</summary>
    private double ProvinceAvailability(ConstantValues k, ProvinceGovernance governance)
    {
        if (!governance.Platform || _platformReadiness < 0) return -1;
        var (systems, _, published) = SubtreeTotals();
        return systems == 0 ? 0 : BuiltShare(k) * published / systems;
    }

    private double BuiltShare(ConstantValues k)
    {
        double initial = k[Constants.InitialReadiness];
        return _platformReadiness < 0 ? 0 : initial >= 1 ? 1 : Math.Max(0, (_platformReadiness - initial) / (1 - initial));
    }

    /// <summary>
    /// Sanctions departments that reported being behind plan, that refused data-sharing requests, or
    /// that citizens complained about (voice taking the vertical route), and the chiefs of lower
    /// governments that reported being behind (article §4.1: accountability for passive or obstructing
    /// units and for lower-level opportunism).
    /// </summary>
    private void HoldAccountable(Policy policy, ProvinceGovernance governance, Outbox outbox)
    {
        double severity = policy.Accountability * governance.Vertical;
        foreach (var child in _children)
        {
            if (_childReports.TryGetValue(child, out var report) && report.Behind)
            {
                outbox.Send(child, new AccountabilitySanction(severity));
            }
        }
        for (int d = 0; d < _deptBehind.Length; d++)
        {
            if (_deptBehind[d] || _deptRefusals[d] > 0 || _complaints[d] > 0)
            {
                outbox.Send(AgentId.Create(AgentKind.Department, Id.Province, Id.City, Id.County, d), new AccountabilitySanction(severity));
            }
            _deptRefusals[d] = 0;
            _complaints[d] = 0;
        }
    }

    /// <summary>Orders the departments citizens made constructive proposals about to improve.</summary>
    private void AnswerProposals(ConstantValues k, Outbox outbox)
    {
        for (int d = 0; d < _proposals.Length; d++)
        {
            if (_proposals[d] == 0) continue;
            double improvement = Math.Min(1.0, _proposals[d] * k[Constants.ProposalImprovement]);
            outbox.Send(AgentId.Create(AgentKind.Department, Id.Province, Id.City, Id.County, d), new ServiceDirective(improvement));
            _proposals[d] = 0;
        }
    }

    private (int Systems, int Migrated, int Published) SubtreeTotals()
    {
        int systems = 0, migrated = 0, published = 0;
        for (int d = 0; d < _deptSystems.Length; d++)
        {
            systems += _deptSystems[d];
            migrated += _deptMigrated[d];
            published += _deptPublished[d];
        }
        foreach (var (childSystems, childMigrated, _, childPublished) in _childReports.Values)
        {
            systems += childSystems;
            migrated += childMigrated;
            published += childPublished;
        }
        return (systems, migrated, published);
    }

    /// <summary>Reports its subtree upward; a province tells the nation how much of its data is on its platform (published × built).</summary>
    private void Report(int tick, in StepContext context, ProvinceGovernance governance, Outbox outbox)
    {
        var (systems, migrated, published) = SubtreeTotals();
        bool behind = Plan.IsBehind(migrated, systems, tick, context.Scenario);
        if (Id.Level == GovernmentLevel.Province)
        {
            published = governance.Platform ? (int)Math.Round(published * BuiltShare(context.K)) : 0;
        }
        outbox.Send(_parent, new ProgressReport(systems, migrated, Refusals: 0, behind, published));
    }

    public override IReadOnlyDictionary<string, double> Describe()
    {
        var (systems, migrated, published) = SubtreeTotals();
        var state = new Dictionary<string, double>
        {
            ["has_chief"] = _appointed ? 1 : 0,
            ["attention"] = _general.Attention,
            ["decay_per_tick"] = _general.Decay,
            ["authority"] = _authority,
            ["relayed_binding"] = _relayedBinding,
            ["platform_readiness"] = _platformReadiness,
            ["data_availability"] = _dataAvailability,
            ["reported_systems"] = systems,
            ["reported_migrated"] = migrated,
            ["reported_published"] = published,
        };
        if (_appointed && _hasFirstChief) state["first_chief_attention"] = _first.Attention;
        for (int i = 0; _appointed && i < _systemChiefs.Length; i++) state[$"system_chief_{i}_attention"] = _systemChiefs[i].Attention;
        return state;
    }
}
