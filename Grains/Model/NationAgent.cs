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
        if (tick % ModelConstants.EvaluationPeriod == 0 && tick > 0)
        {
            _attention = Attention.Refresh(_attention, settings.MeetingBoost * policy.Vertical);
        }
        if (tick % ModelConstants.DirectivePeriod == 0)
        {
            int deadline = tick + ModelConstants.DirectiveHorizon;
            double target = Attention.PlanTarget(deadline, context.Scenario.TicksPerYear);
            double binding = policy.Vertical * ModelConstants.Authority(GovernmentLevel.Nation) * _attention;
            for (int p = 0; p < _world.ProvinceCount; p++)
            {
                outbox.Send(_world.ProvinceGovernment(p), new Directive(target, deadline, _attention, binding, PlatformReadiness: -1));
            }
        }
        if (tick % ModelConstants.EvaluationPeriod == ModelConstants.EvaluationPeriod - 1 && policy.Accountability > 0)
        {
            double plan = Attention.PlanTarget(tick, context.Scenario.TicksPerYear);
            for (int p = 0; p < _world.ProvinceCount; p++)
            {
                var (systems, migrated) = _provinceReports[p];
                if (systems > 0 && (double)migrated / systems < plan - 0.05)
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
