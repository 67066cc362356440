using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// A province's Cloud Chief Office / Big Data Bureau (article §3.1–3.3). Where the province has one at
/// work, it builds the unified cloud platform (four base databases, then theme databases) with the
/// budget the province chief gives it, inspects departments (finding paper migration), and arbitrates
/// data-sharing disputes inside the province. A new office needs break-in time, and its rank caps how
/// effective it can become (overlapping structures, §3.3); a reorganisation costs it effectiveness.
/// Without the Cloud Chief system (or before it starts) it does nothing; a platform it built stays.
/// </summary>
public sealed class OfficeAgent : Agent
{
    private readonly World _world;
    private readonly OfficeSpec _spec;
    private readonly int _databases;
    private readonly int _inspections;
    private double _cap;
    private double _effectiveness;
    private double _budget;
    private double _built;      // share of the platform built, [0, 1]
    private bool _upgraded;
    private bool _active;

    public OfficeAgent(World world, AgentId id) : base(id)
    {
        _world = world;
        var province = world.Province(id.Province);
        _spec = province.Office;
        _databases = Math.Max(1, province.Platform.BaseDatabases + province.Platform.ThemeDatabases);
        _inspections = Math.Max(1, (int)Math.Round(world.K[Constants.InspectionShare] * world.GovernmentsOf(id.Province).Count * world.DepartmentKinds));
        bool overlapping = world.Scenario.Mechanisms.OverlappingStructures;
        _cap = overlapping ? ConstantLookups.RankCap(world.K, _spec.Rank) : 1.0;
    }

    /// <summary>Databases completed so far.</summary>
    public int DatabasesBuilt => (int)Math.Floor(_built * _databases + 1e-9);

    /// <summary>Readiness of the unified platform where the province has one; of scattered department clouds otherwise.</summary>
    public double Readiness(Scenario scenario, bool platform)
    {
        var k = scenario.Constants;
        double initial = k[Constants.InitialReadiness];
        return scenario.Mechanisms.UnifiedPlatform && platform
            ? initial + (1 - initial) * DatabasesBuilt / _databases
            : k[Constants.ScatteredReadiness];
    }

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var policy = context.Policy;
        var governance = policy.Of(Id.Province);
        var k = context.K;
        int tick = context.Tick;
        var rng = context.RngFor(Id);
        bool overlapping = context.Scenario.Mechanisms.OverlappingStructures;
        if (governance.Office && !_active)
        {
            // Set up (the system starts, or the province moves to a mode with an office): break-in from scratch.
            _active = true;
            _effectiveness = overlapping ? 0.0 : _cap;
        }
        else if (!governance.Office)
        {
            _active = false;
        }
        if (_spec.UpgradeAtTick == tick) Upgrade();
        if (_active && governance.SwitchTick == tick && context.Scenario.Mechanisms.SwitchingCost)
        {
            _effectiveness *= 1 - Math.Min(1.0, k[Constants.SwitchOfficeLoss] * governance.SwitchDistance / 2);
        }

        foreach (var envelope in inbox)
        {
            switch (envelope.Body)
            {
                case InterventionNotice { Kind: InterventionKind.UpgradeOffice }:
                    Upgrade();
                    break;
                case ResourceAllocation allocation:
                    _budget = allocation.Budget;
                    break;
                case ShareDispute dispute when _active:
                    if (rng.Chance(_effectiveness * (k[Constants.ArbitrationBase] + k[Constants.ArbitrationV] * governance.Vertical)))
                    {
                        outbox.Send(dispute.Provider, new ArbitrationRuling(dispute.RequestId, envelope.From, dispute.Channel, _effectiveness * governance.Vertical));
                    }
                    break;
            }
        }

        bool platform = governance.Platform;
        if (_active)
        {
            if (overlapping && _spec.BreakInTicks > 0)
            {
                _effectiveness = Math.Min(_cap, _effectiveness + 1.0 / _spec.BreakInTicks);
            }
            else
            {
                _effectiveness = _cap;
            }
            if (context.Scenario.Mechanisms.UnifiedPlatform && platform)
            {
                double floor = k[Constants.BuildWithoutBudget];
                _built = Math.Min(1.0, _built + k[Constants.PlatformBuildRate] * _effectiveness * (floor + (1 - floor) * _budget));
            }
        }

        double readiness = Readiness(context.Scenario, platform);
        int period = k.Int(Constants.DirectivePeriod), evaluation = k.Int(Constants.EvaluationPeriod);
        if (_active && platform && tick % period == period - 1)
        {
            outbox.Send(_world.ProvinceGovernment(Id.Province), new PlatformStatus(readiness, _effectiveness));
        }
        if (_active && tick % evaluation == evaluation - 1)
        {
            Inspect(governance, k, outbox, ref rng);
        }
        metrics.Offices++;
        metrics.ReadinessFixed += MetricsAccumulator.ToFixed(readiness);
    }

    /// <summary>Raising the office's rank (Chongqing's Big Data Bureau): its effectiveness may now grow to full.</summary>
    private void Upgrade()
    {
        _upgraded = true;
        _cap = 1.0;
    }

    /// <summary>Inspects random departments of the province: pressure e × V; each finds paper systems with chance e × detection-rate.</summary>
    private void Inspect(ProvinceGovernance governance, ConstantValues k, Outbox outbox, ref Rng rng)
    {
        double pressure = _effectiveness * governance.Vertical;
        double detection = _effectiveness * k[Constants.DetectionRate];
        for (int i = 0; i < _inspections; i++)
        {
            var government = _world.RandomGovernment(Id.Province, AgentId.Environment, ref rng);
            outbox.Send(_world.RandomDepartment(government, -1, ref rng), new Inspection(pressure, detection));
        }
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>
    {
        ["active"] = _active ? 1 : 0,
        ["rank_cap"] = _cap,
        ["effectiveness"] = _effectiveness,
        ["budget"] = _budget,
        ["platform_built"] = _built,
        ["databases_built"] = DatabasesBuilt,
        ["databases_planned"] = _databases,
        ["upgraded"] = _upgraded ? 1 : 0,
    };
}
