namespace OrleansGov.Scenarios;

/// <summary>
/// Parses <c>constants:</c>, a mapping of mechanism groups to constants
/// (<c>constants: { migration: { rate: 0.3 } }</c>), entirely from the <see cref="Constants"/>
/// catalogue: each constant is read with its own kind and range, every absent one keeps its default,
/// and the cross-constant checks run last, pointing at the constant to change.
/// </summary>
internal static class ConstantsParser
{
    public static ConstantValues Parse(YamlMap? map)
    {
        var values = ConstantValues.Defaults;
        if (map is null) return values;
        map.AllowOnly(Constants.Groups);
        foreach (var group in Constants.Groups)
        {
            if (map.Map(group) is not { } groupMap) continue;
            var defs = Constants.InGroup(group).ToList();
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
