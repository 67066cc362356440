using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// A province, city or county government led by a cloud chief (article §3.1). The chief's attention
/// drives how strongly its directives bind; it reads its departments' reports, sanctions laggards and
/// obstructers when accountability is on, answers citizens' proposals, and reports upward.
/// Province governments also host the first cloud chief and system cloud chiefs, hold regular meetings
/// and fund the Cloud Chief Office.
/// </summary>
public sealed class GovernmentAgent : Agent
{
    private readonly World _world;
    private readonly bool _hasChief;
    private readonly double _authority;
    private readonly AgentId _parent;
    private readonly AgentId[] _children;
    private double _attention;
    private double _firstChief;          // NaN when the structure has none
    private readonly double[] _systemChiefs;
    private double _relayedBinding;      // for a government without its own chief
    private double _platformReadiness = -1;
    private readonly int[] _deptSystems, _deptMigrated, _deptRefusals, _proposals;
    private readonly bool[] _deptBehind;
    private readonly Dictionary<AgentId, (int Systems, int Migrated, bool Behind)> _childReports = new();

    public GovernmentAgent(World world, AgentId id) : base(id)
    {
        _world = world;
        _hasChief = world.HasChief(id);
        _authority = ConstantLookups.Authority(world.K, id.Level);
        _parent = world.Parent(id);
        _children = [.. world.ChildGovernments(id)];
        var settings = world.Scenario.Mechanisms.Attention;
        var chiefs = world.Province(id.Province).Chiefs;
        bool province = id.Level == GovernmentLevel.Province;
        _attention = _hasChief ? settings.Initial : settings.Baseline;
        _firstChief = province && chiefs.FirstChief ? settings.Initial : double.NaN;
        _systemChiefs = province ? Enumerable.Repeat(settings.Initial, chiefs.SystemChiefs).ToArray() : [];
        int d = world.DepartmentKinds;
        _deptSystems = new int[d];
        _deptMigrated = new int[d];
        _deptRefusals = new int[d];
        _proposals = new int[d];
        _deptBehind = new bool[d];
    }

    public double ChiefAttention => _attention;

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var settings = context.Scenario.Mechanisms.Attention;
        var policy = context.Policy;
        foreach (var envelope in inbox)
        {
            Receive(envelope, settings);
        }
        DecayAndMeet(context.Tick, settings, policy);

        int tick = context.Tick;
        var k = context.K;
        int period = k.Int(Constants.DirectivePeriod), evaluation = k.Int(Constants.EvaluationPeriod);
        if (tick % period == 0)
        {
            IssueDirectives(tick, context.Scenario, policy, outbox);
            if (context.Scenario.Mechanisms.Responsiveness) AnswerProposals(policy, outbox);
            if (Id.Level == GovernmentLevel.Province)
            {
                outbox.Send(_world.Office(Id.Province), new ResourceAllocation(Math.Clamp(policy.Vertical * EffectiveAttention(-1) * _authority, 0, 1)));
            }
        }
        if (tick % evaluation == evaluation - 1 && _hasChief && policy.Accountability > 0)
        {
            HoldAccountable(policy, outbox);
        }
        if (tick % period == period - 1)
        {
            Report(tick, context.Scenario, outbox);
        }

        if (_hasChief)
        {
            metrics.AddAttention(_attention);
            if (!double.IsNaN(_firstChief)) metrics.AddAttention(_firstChief);
            foreach (var s in _systemChiefs) metrics.AddAttention(s);
        }
    }

    private void Receive(in Envelope envelope, AttentionSettings settings)
    {
        switch (envelope.Body)
        {
            case InterventionNotice { Kind: InterventionKind.AttentionShift } shift:
                // The leaders' attention moves elsewhere (article §3.3): general and first chief alike.
                _attention = shift.Value;
                if (!double.IsNaN(_firstChief)) _firstChief = shift.Value;
                break;
            case Directive directive:
                if (directive.PlatformReadiness >= 0) _platformReadiness = directive.PlatformReadiness;
                _relayedBinding = directive.Binding;
                if (_hasChief)
                {
                    // A chief's attention is pulled toward the attention of the chief above, as strongly
                    // as the directive binds relative to that attention (V × authority).
                    double strength = directive.Priority > 0 ? settings.DirectiveRefresh * directive.Binding / directive.Priority : 0;
                    _attention = Attention.Follow(_attention, directive.Priority, strength);
                    if (!double.IsNaN(_firstChief)) _firstChief = Attention.Follow(_firstChief, directive.Priority, strength);
                    for (int i = 0; i < _systemChiefs.Length; i++) _systemChiefs[i] = Attention.Follow(_systemChiefs[i], directive.Priority, strength);
                }
                break;
            case AccountabilitySanction sanction:
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
                break;
            case ProgressReport report:
                _childReports[envelope.From] = (report.Systems, report.Migrated, report.Behind);
                break;
            case Proposal proposal:
                _proposals[proposal.Department.Index]++;
                break;
        }
    }

    private void DecayAndMeet(int tick, AttentionSettings settings, Policy policy)
    {
        _attention = Attention.Decay(_attention, settings);
        if (!double.IsNaN(_firstChief)) _firstChief = Attention.Decay(_firstChief, settings);
        for (int i = 0; i < _systemChiefs.Length; i++) _systemChiefs[i] = Attention.Decay(_systemChiefs[i], settings);

        // Regular meetings where the general chief hears every unit (Chongqing): how much they refresh
        // attention depends on how strongly the hierarchy integrates (V).
        int interval = _world.Province(Id.Province).Chiefs.MeetingInterval;
        if (_hasChief && Id.Level == GovernmentLevel.Province && interval > 0 && tick > 0 && tick % interval == 0)
        {
            RefreshAll(settings.MeetingBoost * policy.Vertical);
        }
    }

    private void RefreshAll(double strength)
    {
        _attention = Attention.Refresh(_attention, strength);
        if (!double.IsNaN(_firstChief)) _firstChief = Attention.Refresh(_firstChief, strength);
        for (int i = 0; i < _systemChiefs.Length; i++) _systemChiefs[i] = Attention.Refresh(_systemChiefs[i], strength);
    }

    /// <summary>Attention behind a directive to department <paramref name="department"/> (-1: the government as a whole).</summary>
    private double EffectiveAttention(int department)
    {
        double a = double.IsNaN(_firstChief) ? _attention : Attention.Combine(_attention, _firstChief);
        if (department >= 0 && _systemChiefs.Length > 0)
        {
            // A system chief supervises a group of departments (Chongqing's 系统云长).
            a = Math.Max(a, _systemChiefs[department % _systemChiefs.Length]);
        }
        return a;
    }

    private double Binding(int department, Policy policy) => _hasChief
        ? policy.Vertical * _authority * EffectiveAttention(department)
        : _relayedBinding * _world.K[Constants.RelayFactor];

    private void IssueDirectives(int tick, Scenario scenario, Policy policy, Outbox outbox)
    {
        int deadline = tick + scenario.Constants.Int(Constants.DirectiveHorizon);
        double target = Plan.Target(deadline, scenario);
        double priority = _hasChief ? EffectiveAttention(-1) : _relayedBinding;
        for (int d = 0; d < _world.DepartmentKinds; d++)
        {
            var to = AgentId.Create(AgentKind.Department, Id.Province, Id.City, Id.County, d);
            outbox.Send(to, new Directive(target, deadline, priority, Binding(d, policy), _platformReadiness));
        }
        double childBinding = Binding(-1, policy);
        foreach (var child in _children)
        {
            outbox.Send(child, new Directive(target, deadline, priority, childBinding, _platformReadiness));
        }
    }

    /// <summary>
    /// Sanctions departments that reported being behind plan or that refused data-sharing requests,
    /// and the chiefs of lower governments that reported being behind (article §4.1: accountability
    /// for passive or obstructing units and for lower-level opportunism).
    /// </summary>
    private void HoldAccountable(Policy policy, Outbox outbox)
    {
        double severity = policy.Accountability * policy.Vertical;
        foreach (var child in _children)
        {
            if (_childReports.TryGetValue(child, out var report) && report.Behind)
            {
                outbox.Send(child, new AccountabilitySanction(severity));
            }
        }
        for (int d = 0; d < _deptBehind.Length; d++)
        {
            if (_deptBehind[d] || _deptRefusals[d] > 0)
            {
                outbox.Send(AgentId.Create(AgentKind.Department, Id.Province, Id.City, Id.County, d), new AccountabilitySanction(severity));
            }
            _deptRefusals[d] = 0;
        }
    }

    /// <summary>Orders the departments citizens complained about to improve; responsiveness grows with horizontal coordination.</summary>
    private void AnswerProposals(Policy policy, Outbox outbox)
    {
        for (int d = 0; d < _proposals.Length; d++)
        {
            if (_proposals[d] == 0) continue;
            var k = _world.K;
            double improvement = Math.Min(1.0, _proposals[d] * k[Constants.ProposalImprovement]) * (k[Constants.AnswerBase] + k[Constants.AnswerH] * policy.Horizontal);
            outbox.Send(AgentId.Create(AgentKind.Department, Id.Province, Id.City, Id.County, d), new ServiceDirective(improvement));
            _proposals[d] = 0;
        }
    }

    private void Report(int tick, Scenario scenario, Outbox outbox)
    {
        int systems = _deptSystems.Sum(), migrated = _deptMigrated.Sum();
        foreach (var (childSystems, childMigrated, _) in _childReports.Values)
        {
            systems += childSystems;
            migrated += childMigrated;
        }
        bool behind = Plan.IsBehind(migrated, systems, tick, scenario);
        outbox.Send(_parent, new ProgressReport(systems, migrated, Refusals: 0, behind));
    }

    public override IReadOnlyDictionary<string, double> Describe()
    {
        var state = new Dictionary<string, double>
        {
            ["has_chief"] = _hasChief ? 1 : 0,
            ["attention"] = _attention,
            ["authority"] = _authority,
            ["relayed_binding"] = _relayedBinding,
            ["platform_readiness"] = _platformReadiness,
            ["reported_systems"] = _deptSystems.Sum() + _childReports.Values.Sum(r => r.Systems),
            ["reported_migrated"] = _deptMigrated.Sum() + _childReports.Values.Sum(r => r.Migrated),
        };
        if (!double.IsNaN(_firstChief)) state["first_chief_attention"] = _firstChief;
        for (int i = 0; i < _systemChiefs.Length; i++) state[$"system_chief_{i}_attention"] = _systemChiefs[i];
        return state;
    }
}
