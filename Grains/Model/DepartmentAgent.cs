using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// A functional department of one government: it owns legacy systems to move onto the unified cloud,
/// data others want, a capacity to do the work and a willingness to share (its opposite is the
/// "department-first" tendency, 部门本位). Each tick it reads directives, inspections, sanctions,
/// negotiation and procurement messages and citizens' demands, migrates at a rate set by its effort,
/// and opens data-sharing negotiations and tenders. Negotiation: <c>DepartmentAgent.Sharing.cs</c>;
/// procurement: <c>DepartmentAgent.Procurement.cs</c>.
/// </summary>
public sealed partial class DepartmentAgent : Agent
{
    private readonly World _world;
    private readonly int _systems;
    private readonly double _capacity;
    private int _migrated;
    private double _progress;
    private double _willingness;
    private double _readiness;
    private double _pressure;
    private double _improvement;
    private readonly List<PendingDirective> _directives = new(4);
    private long _directivesDue, _directivesMet;
    private int _refusalsSinceReport;

    private readonly record struct PendingDirective(double Target, int Deadline, double Binding);

    public DepartmentAgent(World world, AgentId id) : base(id)
    {
        _world = world;
        var rng = new Rng(world.Scenario.Seed, id.Value, -1);
        _systems = ModelConstants.MinSystems + rng.Next(ModelConstants.MaxSystems - ModelConstants.MinSystems + 1);
        _capacity = rng.Uniform(ModelConstants.MinCapacity, ModelConstants.MaxCapacity);
        double spread = ModelConstants.WillingnessSpread;
        _willingness = Math.Clamp(world.Scenario.Preconditions.Willingness + rng.Uniform(-spread, spread), 0, 1);
        _readiness = world.Scenario.Mechanisms.UnifiedPlatform ? ModelConstants.InitialReadiness : ModelConstants.ScatteredReadiness;
    }

    public double Adoption => (double)_migrated / _systems;
    public int Systems => _systems;
    public int Migrated => _migrated;
    public double Willingness => _willingness;
    public int ActiveLinks => _links.Count;

    /// <summary>Service quality in [0, 1]: systems on the cloud, data obtained from others, an enterprise's work, and improvements ordered after citizens' proposals.</summary>
    public double Quality =>
        0.4 * Adoption
        + 0.2 * Math.Min(1.0, _links.Count / 3.0)
        + 0.2 * Math.Max(ContractActiveQuality, _deliveredQuality)
        + 0.2 * _improvement;

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var policy = context.Policy;
        int tick = context.Tick;
        var rng = context.RngFor(Id);
        _tick = tick;

        foreach (var envelope in inbox)
        {
            Receive(envelope, context, outbox, metrics, ref rng);
        }
        AwardTender(tick, outbox);
        ExpireNegotiations(tick, metrics);
        Migrate(policy, context.Scenario.Mechanisms, ref rng);
        CloseDueDirectives(tick);
        OpenNegotiation(context, outbox, metrics, ref rng);
        OpenTender(tick, policy, outbox, ref rng);
        if (tick % ModelConstants.DirectivePeriod == ModelConstants.DirectivePeriod - 1)
        {
            bool behind = Plan.IsBehind(_migrated, _systems, tick, context.Scenario.TicksPerYear);
            outbox.Send(Id.Government, new ProgressReport(_systems, _migrated, _refusalsSinceReport, behind));
            _refusalsSinceReport = 0;
        }
        _pressure *= 1 - ModelConstants.PressureDecay;
        _improvement *= 0.99;
        _deliveredQuality *= 0.98;
        Tally(metrics);
    }

    private void Receive(in Envelope envelope, in StepContext context, Outbox outbox, MetricsAccumulator metrics, ref Rng rng)
    {
        switch (envelope.Body)
        {
            case Directive directive:
                if (directive.PlatformReadiness >= 0) _readiness = directive.PlatformReadiness;
                _directives.Add(new PendingDirective(directive.Target, directive.Deadline, directive.Binding));
                break;
            case Inspection inspection:
                _pressure = Math.Max(_pressure, inspection.Pressure);
                break;
            case AccountabilitySanction sanction:
                // Accountability curbs the department-first tendency (article §4.1).
                _pressure = Math.Max(_pressure, sanction.Severity);
                if (context.Scenario.Mechanisms.SanctionsCurbObstruction)
                {
                    _willingness += ModelConstants.SanctionWillingnessGain * sanction.Severity * (1 - _willingness);
                }
                break;
            case ServiceDirective order:
                _improvement = Math.Min(1.0, _improvement + order.Improvement);
                break;
            case ServiceDemand demand:
                outbox.Send(envelope.From, new ServiceDelivery(demand.RequestId, Quality));
                break;
            default:
                if (!ReceiveNegotiation(envelope, context, outbox, metrics, ref rng))
                {
                    ReceiveProcurement(envelope);
                }
                break;
        }
    }

    /// <summary>
    /// Effort = intrinsic motivation + the binding of directives it is behind on + supervision pressure
    /// + peer learning from sharing partners (scaled by horizontal coordination). Progress accrues in
    /// fractions of a system; whole systems move when it passes 1.
    /// </summary>
    private void Migrate(Policy policy, Mechanisms mechanisms, ref Rng rng)
    {
        if (_migrated >= _systems) return;
        double binding = 0;
        if (mechanisms.DirectiveBinding)
        {
            foreach (var directive in _directives)
            {
                double weight = Adoption < directive.Target ? 1.0 : 0.3;
                binding = Math.Max(binding, directive.Binding * weight);
            }
        }
        double peers = mechanisms.PeerLearning
            ? ModelConstants.PeerEffortPerLink * Math.Min(_links.Count, ModelConstants.PeerLinksCounted) * policy.Horizontal
            : 0;
        double effort = ModelConstants.IntrinsicEffort
                        + binding
                        + ModelConstants.PressureEffort * _pressure
                        + peers;
        effort = Math.Min(1.0, effort);
        double capacity = _capacity * (1 + ModelConstants.ContractCapacityBoost * ContractActiveQuality);
        _progress += ModelConstants.MigrationRate * effort * capacity * _readiness * (0.5 + rng.NextDouble());
        while (_progress >= 1 && _migrated < _systems)
        {
            _migrated++;
            _progress -= 1;
        }
    }

    private void CloseDueDirectives(int tick)
    {
        for (int i = _directives.Count - 1; i >= 0; i--)
        {
            var directive = _directives[i];
            if (tick < directive.Deadline) continue;
            _directivesDue++;
            if (Adoption >= directive.Target) _directivesMet++;
            _directives.RemoveAt(i);
        }
    }

    private void Tally(MetricsAccumulator metrics)
    {
        metrics.Departments++;
        metrics.SystemsTotal += _systems;
        metrics.SystemsMigrated += _migrated;
        if (_links.Count == 0) metrics.SiloDepartments++;
        for (int c = 0; c < 3; c++)
        {
            metrics.Deals[c] += _deals[c];
            metrics.Closed[c] += _closed[c];
        }
        metrics.Refusals += _refusals;
        metrics.DirectivesDue += _directivesDue;
        metrics.DirectivesMet += _directivesMet;
        metrics.QualityFixed += MetricsAccumulator.ToFixed(Quality);
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>
    {
        ["systems"] = _systems,
        ["migrated"] = _migrated,
        ["adoption"] = Adoption,
        ["capacity"] = _capacity,
        ["willingness"] = _willingness,
        ["platform_readiness"] = _readiness,
        ["pressure"] = _pressure,
        ["active_links"] = _links.Count,
        ["open_requests"] = _open.Count,
        ["refusals"] = _refusals,
        ["directives_due"] = _directivesDue,
        ["directives_met"] = _directivesMet,
        ["contract_until"] = _contractUntil,
        ["service_quality"] = Quality,
    };
}
