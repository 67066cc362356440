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
        var k = world.K;
        var rng = new Rng(world.Scenario.Seed, id.Value, -1);
        int minSystems = k.Int(Constants.MinSystems);
        _systems = minSystems + rng.Next(k.Int(Constants.MaxSystems) - minSystems + 1);
        _capacity = rng.Uniform(k[Constants.MinCapacity], k[Constants.MaxCapacity]);
        double spread = k[Constants.WillingnessSpread];
        _willingness = Math.Clamp(world.Scenario.Preconditions.Willingness + rng.Uniform(-spread, spread), 0, 1);
        _readiness = world.Scenario.Mechanisms.UnifiedPlatform ? k[Constants.InitialReadiness] : k[Constants.ScatteredReadiness];
    }

    public double Adoption => (double)_migrated / _systems;
    public int Systems => _systems;
    public int Migrated => _migrated;
    public double Willingness => _willingness;
    public int ActiveLinks => _links.Count;

    /// <summary>Service quality in [0, 1]: systems on the cloud, data obtained from others, an enterprise's work, and improvements ordered after citizens' proposals.</summary>
    public double Quality
    {
        get
        {
            var k = _world.K;
            return k[Constants.QualityAdoption] * Adoption
                   + k[Constants.QualityLinks] * Math.Min(1.0, _links.Count / k[Constants.LinkSaturation])
                   + k[Constants.QualityContract] * Math.Max(ContractActiveQuality, _deliveredQuality)
                   + k[Constants.QualityImprovement] * _improvement;
        }
    }

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
        Migrate(policy, context, ref rng);
        CloseDueDirectives(tick);
        OpenNegotiation(context, outbox, metrics, ref rng);
        OpenTender(tick, policy, outbox, ref rng);
        var k = context.K;
        int period = k.Int(Constants.DirectivePeriod);
        if (tick % period == period - 1)
        {
            bool behind = Plan.IsBehind(_migrated, _systems, tick, context.Scenario);
            outbox.Send(Id.Government, new ProgressReport(_systems, _migrated, _refusalsSinceReport, behind));
            _refusalsSinceReport = 0;
        }
        _pressure *= 1 - k[Constants.PressureDecay];
        _improvement *= k[Constants.ImprovementRetention];
        _deliveredQuality *= k[Constants.DeliveredQualityRetention];
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
                    _willingness += context.K[Constants.SanctionWillingnessGain] * sanction.Severity * (1 - _willingness);
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
    private void Migrate(Policy policy, in StepContext context, ref Rng rng)
    {
        if (_migrated >= _systems) return;
        var mechanisms = context.Scenario.Mechanisms;
        var k = context.K;
        double binding = 0;
        if (mechanisms.DirectiveBinding)
        {
            double onTarget = k[Constants.OnTargetWeight];
            foreach (var directive in _directives)
            {
                double weight = Adoption < directive.Target ? 1.0 : onTarget;
                binding = Math.Max(binding, directive.Binding * weight);
            }
        }
        double peers = mechanisms.PeerLearning
            ? k[Constants.PeerEffortPerLink] * Math.Min(_links.Count, k.Int(Constants.PeerLinksCounted)) * policy.Horizontal
            : 0;
        double effort = k[Constants.IntrinsicEffort]
                        + binding
                        + k[Constants.PressureEffort] * _pressure
                        + peers;
        effort = Math.Min(1.0, effort);
        double capacity = _capacity * (1 + k[Constants.ContractCapacityBoost] * ContractActiveQuality);
        double noise = k[Constants.MigrationNoise];
        _progress += k[Constants.MigrationRate] * effort * capacity * _readiness * (1 - noise + 2 * noise * rng.NextDouble());
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
