using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>
/// The central government. When a national cloud chief is appointed (article §4.1, "vertical
/// elevation"), the chief pushes directives to the provinces (refreshing their chiefs' attention),
/// holds provinces that fall behind accountable, and arbitrates cross-province data-sharing disputes
/// that no provincial office can settle.
/// </summary>
public sealed class NationAgent : Agent
{
    private readonly World _world;
    private bool _appointed;
    private double _attention;
    private readonly (int Systems, int Migrated)[] _provinceReports;

    public NationAgent(World world, AgentId id) : base(id)
    {
        _world = world;
        _provinceReports = new (int, int)[world.ProvinceCount];
    }

    public override void Step(in StepContext context, ReadOnlySpan<Envelope> inbox, Outbox outbox, MetricsAccumulator metrics)
    {
        var settings = context.Scenario.Mechanisms.Attention;
        var policy = context.Policy;
        int tick = context.Tick;
        if (policy.NationalChief && !_appointed)
        {
            _attention = settings.Initial;
        }
        _appointed = policy.NationalChief;
        var rng = context.RngFor(Id);

        foreach (var envelope in inbox)
        {
            switch (envelope.Body)
            {
                case ProgressReport report:
                    _provinceReports[envelope.From.Province] = (report.Systems, report.Migrated);
                    break;
                case ShareDispute dispute when _appointed:
                    // Only a national chief can settle a dispute between provinces.
                    if (rng.Chance(policy.Vertical * _attention))
                    {
                        outbox.Send(dispute.Provider, new ArbitrationRuling(dispute.RequestId, envelope.From, dispute.Channel, policy.Vertical * _attention));
                    }
                    break;
            }
        }
        if (!_appointed)
        {
            return;
        }

        _attention = Attention.Decay(_attention, settings);
        var k = context.K;
        int evaluation = k.Int(Constants.EvaluationPeriod), period = k.Int(Constants.DirectivePeriod);
        if (tick % evaluation == 0 && tick > 0)
        {
            _attention = Attention.Refresh(_attention, settings.MeetingBoost * policy.Vertical);
        }
        if (tick % period == 0)
        {
            int deadline = tick + k.Int(Constants.DirectiveHorizon);
            double target = Plan.Target(deadline, context.Scenario);
            double binding = policy.Vertical * ConstantLookups.Authority(k, GovernmentLevel.Nation) * _attention;
            for (int p = 0; p < _world.ProvinceCount; p++)
            {
                outbox.Send(_world.ProvinceGovernment(p), new Directive(target, deadline, _attention, binding, PlatformReadiness: -1));
            }
        }
        if (tick % evaluation == evaluation - 1 && policy.Accountability > 0)
        {
            for (int p = 0; p < _world.ProvinceCount; p++)
            {
                var (systems, migrated) = _provinceReports[p];
                if (Plan.IsBehind(migrated, systems, tick, context.Scenario))
                {
                    outbox.Send(_world.ProvinceGovernment(p), new AccountabilitySanction(policy.Accountability * policy.Vertical));
                }
            }
        }
        metrics.AddAttention(_attention);
    }

    public override IReadOnlyDictionary<string, double> Describe() => new Dictionary<string, double>
    {
        ["national_chief"] = _appointed ? 1 : 0,
        ["attention"] = _attention,
    };
}
