using System.Reflection;
using System.Text;
using OrleansGov.Metrics;

namespace OrleansGov.Client.Results;

/// <summary>One metric of <see cref="ScopeMetrics"/> as a results column.</summary>
/// <param name="Name">snake_case column name, e.g. <c>cloud_adoption</c>.</param>
/// <param name="IsCount">An integer count (long), rather than a real number that may be NaN.</param>
public sealed record MetricColumn(string Name, bool IsCount, Func<ScopeMetrics, double> Value, Func<ScopeMetrics, long> Count);

/// <summary>
/// The metric columns, derived from <see cref="ScopeMetrics"/>' record parameters in declaration
/// order, so a metric added to the contract appears in the files without touching the CLI.
/// </summary>
public static class MetricColumns
{
    /// <summary>Every metric after <c>tick</c> and <c>scope</c>, in declaration order.</summary>
    public static IReadOnlyList<MetricColumn> All { get; } = Build();

    /// <summary>The full CSV header: <c>tick,scope,</c> then every metric.</summary>
    public static IReadOnlyList<string> Header { get; } = ["tick", "scope", .. All.Select(c => c.Name)];

    public static string SnakeCase(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static MetricColumn[] Build()
    {
        var constructor = typeof(ScopeMetrics).GetConstructors()
            .Single(c => c.GetParameters().Length > 2 && c.GetParameters()[0].Name == "Tick");
        var columns = new List<MetricColumn>();
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.Name is "Tick" or "Scope")
            {
                continue;
            }
            var property = typeof(ScopeMetrics).GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance)!;
            string name = SnakeCase(parameter.Name!);
            if (property.PropertyType == typeof(double))
            {
                var get = property.GetMethod!.CreateDelegate<Func<ScopeMetrics, double>>();
                columns.Add(new MetricColumn(name, false, get, m => throw new InvalidOperationException(name + " is not a count")));
            }
            else if (property.PropertyType == typeof(long))
            {
                var get = property.GetMethod!.CreateDelegate<Func<ScopeMetrics, long>>();
                columns.Add(new MetricColumn(name, true, m => get(m), get));
            }
            else
            {
                throw new NotSupportedException($"ScopeMetrics.{parameter.Name} has type {property.PropertyType.Name}; results support double and long.");
            }
        }
        return columns.ToArray();
    }
}
