using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// The central government. When a national cloud chief is appointed (article §4.1, "vertical
/// elevation"), the chief pushes directives to the provinces (refreshing their chiefs' attention),
/// holds provinces that fall behind accountable, arbitrates cross-province data-sharing disputes that
/// no provincial office can settle, and runs the national data exchange: the share of the nation's
/// data published on the provinces' platforms travels down with its directives. Like every chief it
/// is replaced from time to time.
/// </summary>
public sealed class NationAgent : Agent
{
    private readonly World _world;
    private bool _appointed;
    private Chief _chief;
    private readonly (int Systems, int Migrated, int Published)[] _provinceReports;

    public NationAgent(World world, AgentId id) : base(id)
    {
        _world = world;
        _provinceReports = new (int, int, int)[world.ProvinceCount];
    }

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var settings = context.Scenario.Mechanisms.Attention;
        var policy = context.Policy;
        int tick = context.Tick;
        var rng = context.RngFor(Id);
        if (policy.NationalChief && !_appointed)
        {
            _chief = Chief.Appointed(context, ref rng);
        }
        _appointed = policy.NationalChief;

        foreach (var envelope in inbox)
        {
            switch (envelope.Body)
            {
                case ProgressReport report:
                    _provinceReports[envelope.From.Province] = (report.Systems, report.Migrated, report.Published);
                    break;
                case ShareDispute dispute when _appointed:
                    // Only a national chief can settle a dispute between provinces.
                    if (rng.Chance(policy.Vertical * _chief.Attention))
                    {
                        outbox.Send(dispute.Provider, new ArbitrationRuling(dispute.RequestId, envelope.From, dispute.Channel, policy.Vertical * _chief.Attention));
                    }
                    break;
            }
        }
        if (!_appointed)
        {
            return;
        }

        _chief.DecayOneTick(settings);
        if (context.Scenario.Mechanisms.Rotation && rng.Chance(Chief.Hazard(context)))
        {
            _chief = Chief.Successor(context, ref rng);
        }
        var k = context.K;
        int evaluation = k.Int(Constants.EvaluationPeriod), period = k.Int(Constants.DirectivePeriod);
        if (tick % evaluation == 0 && tick > 0)
        {
            _chief.Attention = Attention.Refresh(_chief.Attention, settings.MeetingBoost * policy.Vertical);
        }
        if (tick % period == 0)
        {
            int deadline = tick + k.Int(Constants.DirectiveHorizon);
            double target = Plan.Target(deadline, context.Scenario);
            double binding = policy.Vertical * ConstantLookups.Authority(k, GovernmentLevel.Nation) * _chief.Attention;
            double national = NationalAvailability(policy);
            for (int p = 0; p < _world.ProvinceCount; p++)
            {
                outbox.Send(_world.ProvinceGovernment(p), new Directive(target, deadline, _chief.Attention, binding, PlatformReadiness: -1,
                    DataAvailability: -1, NationalAvailability: national));
            }
        }
        if (tick % evaluation == evaluation - 1 && policy.Accountability > 0)
        {
            for (int p = 0; p < _world.ProvinceCount; p++)
            {
                var (systems, migrated, _) = _provinceReports[p];
                if (Plan.IsBehind(migrated, systems, tick, context.Scenario))
                {
                    outbox.Send(_world.ProvinceGovernment(p), new AccountabilitySanction(policy.Accountability * policy.Vertical));
                }
            }
        }
        metrics.AddAttention(_chief.Attention);
    }

    /// <summary>
    /// Share of the systems of the provinces with a unified platform whose data those platforms hold
    /// (published × built, as the provinces last reported; 0 before any report or without platforms).
    /// </summary>
    private double NationalAvailability(Policy? policy)
    {
        long systems = 0, published = 0;
        for (int p = 0; p < _provinceReports.Length; p++)
        {
            if (policy is not null && !policy.Of(p).Platform) continue;
            systems += _provinceReports[p].Systems;
            published += _provinceReports[p].Published;
        }
        return systems == 0 ? 0 : (double)published / systems;
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>
    {
        ["national_chief"] = _appointed ? 1 : 0,
        ["attention"] = _chief.Attention,
        ["national_availability"] = NationalAvailability(null),
    };
}
