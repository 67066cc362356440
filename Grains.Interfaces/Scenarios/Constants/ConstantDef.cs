using System.Globalization;

namespace OrleansGov.Scenarios;

/// <summary>What values a model constant takes.</summary>
public enum ConstantKind
{
    /// <summary>A real number in [0, 1]: shares, weights, probabilities, rates per tick.</summary>
    Fraction,
    /// <summary>A real number in [<see cref="ConstantDef.Min"/>, <see cref="ConstantDef.Max"/>].</summary>
    Real,
    /// <summary>A whole number in [<see cref="ConstantDef.Min"/>, <see cref="ConstantDef.Max"/>]: periods, counts.</summary>
    Integer,
}

/// <summary>
/// One model constant: a number a rule uses that is not a structural fact of the scenario
/// (docs/MODEL.md §7.2). Declared once in <see cref="Constants"/>; from that declaration alone it is
/// read from the scenario's <c>constants:</c> section (with its range checked), given its default,
/// recorded in the manifest, addressable as the experiment parameter <see cref="ParameterPath"/> and
/// listed in the documentation.
/// </summary>
public sealed class ConstantDef
{
    internal ConstantDef(int index, string group, string name, ConstantKind kind, double defaultValue, double min, double max,
        string unit, string basis, string meaning)
    {
        Index = index;
        Group = group;
        Name = name;
        Kind = kind;
        Default = defaultValue;
        Min = min;
        Max = max;
        Unit = unit;
        Basis = basis;
        Meaning = meaning;
        if (Check(defaultValue) is { } problem)
        {
            throw new InvalidOperationException($"Constant {Key}: default {defaultValue} {problem}.");
        }
    }

    /// <summary>Position in <see cref="Constants.All"/> and in every <see cref="ConstantValues"/>.</summary>
    public int Index { get; }

    /// <summary>The mechanism it belongs to: the key under <c>constants:</c>, e.g. <c>migration</c>.</summary>
    public string Group { get; }

    /// <summary>Its kebab-case name inside the group, e.g. <c>rate</c>.</summary>
    public string Name { get; }

    public ConstantKind Kind { get; }

    public double Default { get; }

    /// <summary>Smallest allowed value (0 for fractions).</summary>
    public double Min { get; }

    /// <summary>Largest allowed value (1 for fractions).</summary>
    public double Max { get; }

    /// <summary>Unit, e.g. <c>ticks</c>, <c>fraction</c>, <c>systems/tick</c>.</summary>
    public string Unit { get; }

    /// <summary>Where the value comes from: <c>A §x</c> (the article), <c>L</c> (literature, named in MODEL.md), <c>S</c> (a stated assumption).</summary>
    public string Basis { get; }

    /// <summary>What the constant does, in one sentence.</summary>
    public string Meaning { get; }

    /// <summary><c>group.name</c>: the key path under <c>constants:</c>.</summary>
    public string Key => $"{Group}.{Name}";

    /// <summary><c>constants.group.name</c>: the path in a scenario file and as an experiment parameter.</summary>
    public string ParameterPath => "constants." + Key;

    public bool IsInteger => Kind == ConstantKind.Integer;

    /// <summary>Why <paramref name="value"/> is not allowed, or null when it is.</summary>
    public string? Check(double value)
    {
        if (!double.IsFinite(value))
        {
            return "is not a finite number";
        }
        if (IsInteger && value != Math.Floor(value))
        {
            return string.Create(CultureInfo.InvariantCulture, $"must be a whole number (got {value:R})");
        }
        if (value < Min || value > Max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"must be between {Min:R} and {Max:R} (got {value:R})");
        }
        return null;
    }

    public override string ToString() => ParameterPath;
}
