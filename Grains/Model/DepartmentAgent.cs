using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// A functional department of one government: it owns legacy systems to move onto the cloud, data
/// others need, a service citizens use (which needs data held by other departments), a capacity to do
/// the work, an intrinsic initiative and a willingness to share (its opposite is the
/// "department-first" tendency, 部门本位). Each tick it reads directives, inspections, sanctions,
/// negotiation, procurement and data messages and citizens' demands, migrates at a rate set by its
/// effort, and opens data-sharing negotiations and tenders. The mechanisms live in their own files:
/// negotiation <c>.Sharing.cs</c>, services and data needs <c>.Services.cs</c>, paper migration
/// <c>.Formalism.cs</c>, initiative and its crowding out <c>.Initiative.cs</c>, the costs of
/// coordination and free-riding <c>.Coordination.cs</c>, reorganisations <c>.Reorganisation.cs</c>,
/// outsourcing <c>.Procurement.cs</c>.
/// </summary>
public sealed partial class DepartmentAgent : Agent
{
    private readonly World _world;
    private readonly int _systems;
    private readonly double _capacity;
    /// <summary>Systems really on the cloud.</summary>
    private int _migrated;
    private double _progress;
    private double _readiness;
    private double _pressure;
    private double _improvement;
    private readonly List<PendingDirective> _directives = new(4);
    private long _directivesDue, _directivesMet;
    private int _refusalsSinceReport;
    private int _tick;

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
        _willingness = _willingnessNorm = Math.Clamp(world.Scenario.Preconditions.Willingness + rng.Uniform(-spread, spread), 0, 1);
        _initiative = _initiativeBase = DrawInitiative(k, ref rng);
        _needs = DrawNeeds(ref rng);
        bool platform = world.Scenario.Mechanisms.UnifiedPlatform && world.Scenario.SystemOf(id.Province).PlatformAt(0);
        _readiness = platform ? k[Constants.InitialReadiness] : k[Constants.ScatteredReadiness];
    }

    /// <summary>Share of its systems really on the cloud.</summary>
    public double Adoption => (double)_migrated / _systems;

    /// <summary>Share of its systems it reports as migrated (paper systems included).</summary>
    public double ReportedAdoption => (double)(_migrated + _paper) / _systems;

    public int Systems => _systems;
    public int Migrated => _migrated;
    public int PaperSystems => _paper;
    public double Willingness => _willingness;
    public double Initiative => _initiative;
    public int ActiveLinks => _links.Count;

    /// <summary>The quality of the service it delivers (§6.13), as of the end of its last step.</summary>
    public double Quality => _quality;

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var policy = context.Policy;
        var governance = policy.Of(Id.Province);
        int tick = context.Tick;
        var rng = context.RngFor(Id);
        var k = context.K;
        _tick = tick;
        _roundsThisTick = 0;

        if (governance.SwitchTick == tick && context.Scenario.Mechanisms.SwitchingCost)
        {
            Reorganise(governance.SwitchDistance, k, ref rng);
        }
        foreach (var envelope in inbox)
        {
            Receive(envelope, context, outbox, metrics, ref rng);
        }
        AwardTender(tick, outbox);
        ExpireNegotiations(tick, metrics);
        Migrate(context, governance, ref rng);
        CloseDueDirectives(context, ref rng);
        UpdateInitiative(context);
        UpdateWillingness(context);
        OpenNegotiation(context, governance, outbox, metrics, ref rng);
        OpenTender(tick, policy, outbox, ref rng);
        int period = k.Int(Constants.DirectivePeriod);
        if (tick % period == period - 1)
        {
            Report(context, governance, outbox);
        }
        SendFeeds(tick, k, outbox);
        _pressure *= 1 - k[Constants.PressureDecay];
        _improvement *= k[Constants.ImprovementRetention];
        _deliveredValue *= k[Constants.DeliveredQualityRetention];
        UpdateLoad(k);
        RefreshServices(context, governance);
        Tally(metrics);
    }

    private void Receive(in Envelope envelope, in StepContext context, Outbox outbox, MetricsAccumulator metrics, ref Rng rng)
    {
        switch (envelope.Body)
        {
            case Directive directive:
                if (directive.PlatformReadiness >= 0) _readiness = directive.PlatformReadiness;
                ReceiveAvailability(directive, context.K);
                _directives.Add(new PendingDirective(directive.Target, directive.Deadline, directive.Binding));
                break;
            case Inspection inspection:
                _pressure = Math.Max(_pressure, inspection.Pressure);
                Inspected(inspection, context.K, ref rng);
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
                outbox.Send(envelope.From, new ServiceDelivery(demand.RequestId, _quality));
                break;
            case DataFeed feed:
                ReceiveFeed(envelope.From, feed);
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
    /// Effort = intrinsic initiative + the binding of directives it reports itself behind on + supervision
    /// pressure + a spillover from linked partners that are ahead; capacity, less what coordination takes,
    /// turns effort into progress on the platform's readiness. Progress accrues in fractions of a system;
    /// whole systems move when it passes 1, paper systems first (a department that reported a system
    /// migrated makes it real before it reports more).
    /// </summary>
    private void Migrate(in StepContext context, ProvinceGovernance governance, ref Rng rng)
    {
        if (_migrated >= _systems) return;
        var mechanisms = context.Scenario.Mechanisms;
        var k = context.K;
        double binding = 0;
        if (mechanisms.DirectiveBinding)
        {
            // Judged on what it reports: a department that reports itself on target is pushed less.
            double onTarget = k[Constants.OnTargetWeight];
            double reported = ReportedAdoption;
            foreach (var directive in _directives)
            {
                double weight = reported < directive.Target ? 1.0 : onTarget;
                binding = Math.Max(binding, directive.Binding * weight);
            }
        }
        double spillover = mechanisms.PeerLearning ? k[Constants.Spillover] * _aheadGap : 0;
        double effort = k[Constants.InitiativeEffort] * _initiative
                        + binding
                        + k[Constants.PressureEffort] * _pressure
                        + spillover;
        effort = Math.Min(1.0, effort);
        if (_tick < _disruptedUntil) effort *= 1 - k[Constants.SwitchDisruption];
        double capacity = _capacity * (1 + k[Constants.ContractCapacityBoost] * ContractActiveQuality) * Math.Max(0, 1 - Overhead(context));
        double noise = k[Constants.MigrationNoise];
        _progress += k[Constants.MigrationRate] * effort * capacity * _readiness * (1 - noise + 2 * noise * rng.NextDouble());
        while (_progress >= 1 && _migrated < _systems)
        {
            _migrated++;
            _progress -= 1;
            if (_paper > 0) _paper--;
            _servicesDirty = true;
        }
    }

    /// <summary>The strongest binding among its pending directives after this tick's deadlines: the external push it feels (set by <see cref="CloseDueDirectives"/>, which scans them anyway).</summary>
    private double _pendingBinding;

    /// <summary>Reports progress as it presents it: paper systems count as migrated.</summary>
    private void Report(in StepContext context, ProvinceGovernance governance, Outbox outbox)
    {
        int reported = _migrated + _paper;
        bool behind = Plan.IsBehind(reported, _systems, context.Tick, context.Scenario);
        outbox.Send(Id.Government, new ProgressReport(_systems, reported, _refusalsSinceReport, behind, Published(context, governance)));
        _refusalsSinceReport = 0;
    }

    private void Tally(MetricsAccumulator metrics)
    {
        metrics.Departments++;
        metrics.SystemsTotal += _systems;
        metrics.SystemsMigrated += _migrated;
        metrics.SystemsReported += _migrated + _paper;
        metrics.PaperSystems += _paper;
        metrics.NeedsTotal += _needs.Length;
        metrics.NeedsUnmet += _unmetNeeds;
        for (int c = 0; c < 3; c++)
        {
            metrics.Deals[c] += _deals[c];
            metrics.Closed[c] += _closed[c];
        }
        metrics.Refusals += _refusals;
        metrics.DirectivesDue += _directivesDue;
        metrics.DirectivesMet += _directivesMet;
        metrics.QualityFixed += MetricsAccumulator.ToFixed(_quality);
        metrics.InitiativeFixed += MetricsAccumulator.ToFixed(_initiative);
        metrics.WillingnessFixed += MetricsAccumulator.ToFixed(_willingness);
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>
    {
        ["systems"] = _systems,
        ["migrated"] = _migrated,
        ["paper_systems"] = _paper,
        ["adoption"] = Adoption,
        ["reported_adoption"] = ReportedAdoption,
        ["capacity"] = _capacity,
        ["initiative"] = _initiative,
        ["willingness"] = _willingness,
        ["platform_readiness"] = _readiness,
        ["pressure"] = _pressure,
        ["coordination_load"] = _load,
        ["link_upkeep"] = _upkeep,
        ["disrupted_until"] = _disruptedUntil,
        ["active_links"] = _links.Count,
        ["open_requests"] = _open.Count,
        ["data_needs"] = _needs.Length,
        ["unmet_needs"] = _unmetNeeds,
        ["data_available"] = _dataAvailable,
        ["refusals"] = _refusals,
        ["directives_due"] = _directivesDue,
        ["directives_met"] = _directivesMet,
        ["contract_until"] = _contractUntil,
        ["caught"] = _caught,
        ["service_quality"] = _quality,
    };
}
