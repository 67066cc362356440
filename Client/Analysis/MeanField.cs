using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Analysis;

/// <summary>
/// The mean-field of cloud adoption (issue 10, item 11; docs/MODEL.md §15): the agent model's migration
/// rule (§6.3) with every department of a class replaced by its class mean, written as difference
/// equations. A class is the departments of one government level in one province: they share the
/// directive binding b = V·authority·B their government sends without the Cloud Chief system (§6.2),
/// the readiness of scattered clouds and the initiative mean. Per class k and tick t:
/// <code>
///   w_t   = 1 if A_k,t &lt; the target of its latest pending directive, else migration.on-target-weight
///   e_t   = min(1, initiative-effort·ι_k,t + b_k·w_t)           (no pressure, no spillover: nobody is ahead of the mean)
///   A_k,t+1 = min(1, A_k,t + rate·e_t·c̄·R / S̄)                 (c̄, S̄ the means of capacity and systems)
///   ι_k,t+1 = ι − erosion·x·ι + recovery·(1 − x)·(ι₀ − ι),  x = min(1, b_k) while a directive is pending
/// </code>
/// The nation's adoption is the class adoptions weighted by their departments (each class has the same
/// mean number of systems). What the equations leave out is what the agents add: the spread of capacity,
/// systems, initiative and luck (departments finish at different times; some barely move), migration in
/// whole systems, the links through which partners ahead pull laggards, and the coordination they cost.
/// Only a scenario without any Cloud Chief structure and without a timeline has constant inputs; the
/// mean-field refuses any other (chiefs' attention, platforms and inspections would need equations of
/// their own).
/// </summary>
public static class MeanField
{
    /// <summary>One class of departments: a government level in a province.</summary>
    public sealed record Class(string Province, GovernmentLevel Level, int Departments, double Binding);

    /// <summary>Why the mean-field cannot stand for <paramref name="scenario"/>, or null if it can.</summary>
    public static string? WhyNotApplicable(Scenario scenario)
    {
        if (scenario.Timeline.Length > 0)
            return $"the mean-field needs constant inputs: scenario '{scenario.Name}' has {scenario.Timeline.Length} timeline event(s) (use a scenario without a timeline)";
        for (int p = 0; p < scenario.Provinces.Length; p++)
        {
            var system = scenario.SystemOf(p);
            if (system.Chiefs || system.Office || system.Platform)
                return $"the mean-field covers only provinces without the Cloud Chief system (chiefs, office, platform): province '{scenario.Provinces[p].Name}' has one (use mode loose or cooperative)";
        }
        return null;
    }

    /// <summary>The classes of departments of <paramref name="scenario"/>, from its world's layout.</summary>
    public static IReadOnlyList<Class> Classes(Scenario scenario)
    {
        var world = new World(scenario);
        var k = scenario.Constants;
        double baseline = scenario.Mechanisms.Attention.Baseline;
        var classes = new List<Class>();
        for (int p = 0; p < world.ProvinceCount; p++)
        {
            double vertical = scenario.DialsOf(p).Vertical;
            foreach (var level in new[] { GovernmentLevel.Province, GovernmentLevel.City, GovernmentLevel.County })
            {
                int governments = world.GovernmentsOf(p).Count(g => g.Level == level);
                if (governments == 0) continue;
                double binding = scenario.Mechanisms.DirectiveBinding ? vertical * ConstantLookups.Authority(k, level) * baseline : 0;
                classes.Add(new Class(scenario.Provinces[p].Name, level, governments * world.DepartmentKinds, binding));
            }
        }
        return classes;
    }

    /// <summary>
    /// The nation's cloud adoption after each tick's step, t = 0 … Ticks − 1 (the rows' <c>cloud_adoption</c>).
    /// With <paramref name="wholeSystems"/> a class counts only completed systems of its mean department
    /// (⌊progress⌋ / S̄), as a department does; otherwise the continuous progress.
    /// </summary>
    public static double[] Adoption(Scenario scenario, bool wholeSystems = false)
    {
        if (WhyNotApplicable(scenario) is { } reason) throw new ArgumentException(reason, nameof(scenario));
        var k = scenario.Constants;
        var classes = Classes(scenario);
        double systems = (k.Int(Constants.MinSystems) + k.Int(Constants.MaxSystems)) / 2.0;
        double capacity = (k[Constants.MinCapacity] + k[Constants.MaxCapacity]) / 2;
        double readiness = k[Constants.ScatteredReadiness];
        double rate = k[Constants.MigrationRate], initiativeEffort = k[Constants.InitiativeEffort];
        double onTarget = k[Constants.OnTargetWeight];
        double initiative0 = k[Constants.InitiativeMean];
        double erosion = k[Constants.InitiativeErosion], recovery = k[Constants.InitiativeRecovery];
        bool crowdingOut = scenario.Mechanisms.CrowdingOut;
        int period = k.Int(Constants.DirectivePeriod), horizon = k.Int(Constants.DirectiveHorizon);
        long departments = classes.Sum(c => (long)c.Departments);

        var progress = new double[classes.Count];   // systems per mean department
        var initiative = Enumerable.Repeat(initiative0, classes.Count).ToArray();
        var nation = new double[scenario.Ticks];
        for (int t = 0; t < scenario.Ticks; t++)
        {
            // Directives are issued at t mod period = 0, received a tick later and closed after the
            // migration of their deadline tick: the latest pending one at t was issued at the last
            // multiple of the period ≤ t − 1, if its deadline has not passed before t.
            int latest = t >= 1 ? (t - 1) / period * period : -1;
            bool pending = latest >= 0 && latest + horizon >= t;
            double target = pending ? Plan.Target(latest + horizon, scenario) : 0;
            bool pendingAfter = latest >= 0 && latest + horizon > t; // after this tick's deadlines
            double total = 0;
            for (int c = 0; c < classes.Count; c++)
            {
                double adoption = progress[c] / systems;
                if (adoption < 1)
                {
                    double weight = adoption < target ? 1 : onTarget;
                    double effort = Math.Min(1, initiativeEffort * initiative[c] + (pending ? classes[c].Binding * weight : 0));
                    progress[c] = Math.Min(systems, progress[c] + rate * effort * capacity * readiness);
                }
                if (crowdingOut)
                {
                    double x = pendingAfter ? Math.Min(1, classes[c].Binding) : 0;
                    initiative[c] -= erosion * x * initiative[c];
                    initiative[c] += recovery * (1 - x) * (initiative0 - initiative[c]);
                }
                double shown = wholeSystems ? Math.Floor(progress[c] + 1e-9) / systems : progress[c] / systems;
                total += shown * classes[c].Departments;
            }
            nation[t] = total / departments;
        }
        return nation;
    }
}
