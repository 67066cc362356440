using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansGov.Scenarios;

/// <summary>
/// The value of every model constant (<see cref="Constants"/>) in one scenario: the defaults with the
/// scenario's overrides. Rules read it with <c>k[Constants.MigrationRate]</c> (an array read). In a
/// manifest it is written grouped by mechanism (<c>{"migration": {"rate": 0.25, …}, …}</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("og.constants")]
[JsonConverter(typeof(ConstantValuesJsonConverter))]
public sealed class ConstantValues : IEquatable<ConstantValues>
{
    [Id(0)]
    private readonly double[] _values;

    private ConstantValues(double[] values)
    {
        _values = values;
    }

    /// <summary>Every constant at its default.</summary>
    public static ConstantValues Defaults { get; } = new([.. Constants.All.Select(c => c.Default)]);

    public double this[ConstantDef constant] => _values[constant.Index];

    /// <summary>An integer constant's value.</summary>
    public int Int(ConstantDef constant) => (int)_values[constant.Index];

    /// <summary>A copy with <paramref name="constant"/> set to <paramref name="value"/> (range-checked).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the constant's range.</exception>
    public ConstantValues With(ConstantDef constant, double value)
    {
        if (constant.Check(value) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{constant.ParameterPath} {problem}");
        }
        var copy = (double[])_values.Clone();
        copy[constant.Index] = value;
        return new ConstantValues(copy);
    }

    /// <summary>The constants whose value differs from their default.</summary>
    public IEnumerable<ConstantDef> Overridden => Constants.All.Where(c => !this[c].Equals(c.Default));

    public bool Equals(ConstantValues? other) =>
        other is not null && (ReferenceEquals(this, other) || _values.AsSpan().SequenceEqual(other._values));

    public override bool Equals(object? obj) => Equals(obj as ConstantValues);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _values) hash.Add(v);
        return hash.ToHashCode();
    }

    /// <summary>Lists only what differs from the defaults, so two scenarios render equal exactly when their constants are.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("constants {");
        foreach (var c in Overridden)
        {
            text.Append(CultureInfo.InvariantCulture, $" {c.Key} = {this[c]:R};");
        }
        return text.Append(" }").ToString();
    }

    /// <summary>Writes every constant grouped by mechanism; reads such an object back, unknown names ignored, missing ones at default.</summary>
    private sealed class ConstantValuesJsonConverter : JsonConverter<ConstantValues>
    {
        public override ConstantValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var values = (double[])Defaults._values.Clone();
            Expect(ref reader, JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string group = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && Constants.Find($"{group}.{name}") is { } c)
                    {
                        values[c.Index] = reader.GetDouble();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            return new ConstantValues(values);
        }

        public override void Write(Utf8JsonWriter writer, ConstantValues value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var group in Constants.Groups)
            {
                writer.WriteStartObject(group);
                foreach (var c in Constants.InGroup(group))
                {
                    writer.WriteNumber(c.Name, value[c]);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }

        private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
        {
            if (reader.TokenType != type)
            {
                throw new JsonException($"expected {type} for the constants, got {reader.TokenType}");
            }
        }
    }
}
