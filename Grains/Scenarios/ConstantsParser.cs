namespace OrleansGov.Scenarios;

/// <summary>
/// Parses <c>constants:</c>, a mapping of mechanism groups to constants
/// (<c>constants: { migration: { rate: 0.3 } }</c>), entirely from the <see cref="Constants"/>
/// catalogue: each constant is read with its own kind and range, every absent one keeps its default,
/// and the cross-constant checks run last, pointing at the constant to change.
/// </summary>
internal static class ConstantsParser
{
    /// <summary>Constants of the first model that Model 2.0 replaced, with what replaced them, so an old file fails with a message that says so.</summary>
    private static readonly (string Key, string Why)[] Removed =
    [
        ("migration.intrinsic-effort", "effort without push is now each department's initiative × constants.migration.initiative-effort (docs/MODEL.md §6.3)"),
        ("migration.peer-effort-per-link", "peer learning is now a spillover from partners that are ahead, constants.migration.spillover (§6.3)"),
        ("migration.peer-links-counted", "peer learning is now a spillover from partners that are ahead, constants.migration.spillover (§6.3)"),
        ("sharing.max-links", "departments now ask for the data their services need, constants.services.sources (§6.16)"),
        ("sharing.within-share", "the channels now follow the data needs, constants.services.within-share (§6.16)"),
        ("sharing.region-share", "the channels now follow the data needs, constants.services.region-share (§6.16)"),
        ("quality.weight-adoption", "service quality now comes from the services delivered (§6.13)"),
        ("quality.weight-links", "service quality now comes from the services delivered (§6.13)"),
        ("quality.weight-contract", "service quality now comes from the services delivered (§6.13)"),
        ("quality.weight-improvement", "service quality now comes from the services delivered (§6.13)"),
        ("quality.link-saturation", "service quality now comes from the services delivered (§6.13)"),
        ("citizens.answer-base", "horizontal coordination now acts on whether citizens make constructive proposals, constants.citizens.proposal-rate (§6.14)"),
        ("citizens.answer-h", "horizontal coordination now acts on whether citizens make constructive proposals, constants.citizens.proposal-rate (§6.14)"),
    ];

    public static ConstantValues Parse(YamlMap? map)
    {
        var values = ConstantValues.Defaults;
        if (map is null) return values;
        map.AllowOnly(Constants.Groups);
        foreach (var group in Constants.Groups)
        {
            if (map.Map(group) is not { } groupMap) continue;
            var defs = Constants.InGroup(group).ToList();
            foreach (var (key, why) in Removed)
            {
                if (key.StartsWith(group + ".", StringComparison.Ordinal) && groupMap.Has(key[(group.Length + 1)..]))
                {
                    throw groupMap.ValueError(key[(group.Length + 1)..], $"constants.{key} was removed in Model 2.0: {why}");
                }
            }
            groupMap.AllowOnly([.. defs.Select(d => d.Name)], $"constants.{group}");
            foreach (var def in defs)
            {
                double? value = def.Kind switch
                {
                    ConstantKind.Fraction => groupMap.Fraction(def.Name),
                    ConstantKind.Integer => groupMap.Int(def.Name, (int)def.Min, (int)def.Max),
                    _ => groupMap.Real(def.Name, def.Min, def.Max),
                };
                if (value is { } v) values = values.With(def, v);
            }
        }
        if (Constants.Inconsistency(values) is { } problem)
        {
            // Point at the constant to change when the file sets it, else at its group or the section.
            var groupMap = map.Map(problem.Constant.Group);
            if (groupMap is not null && groupMap.Has(problem.Constant.Name))
            {
                throw groupMap.ValueError(problem.Constant.Name, problem.Reason);
            }
            throw (groupMap ?? map).Error($"{problem.Constant.ParameterPath} {problem.Reason}");
        }
        return values;
    }
}
