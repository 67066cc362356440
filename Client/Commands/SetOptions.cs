using OrleansGov.Client.Experiments;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Commands;

/// <summary>
/// <c>--set path=value</c> on <c>run</c> and <c>validate</c>: a one-off change of the scenario with no new
/// file. Paths and values are those of an experiment's factors (<see cref="ScenarioParameters"/>,
/// docs/MODEL.md §7.1), applied in the order given, after <c>--seed</c> and <c>--ticks</c>.
/// </summary>
internal static class SetOptions
{
    /// <summary>The description shared by every verb that takes --set (Spectre markup: brackets doubled).</summary>
    public const string Description =
        "Change one scenario parameter, e.g. `--set dials.vertical=0.5`, `--set constants.migration.rate=0.3`, " +
        "`--set provinces[[south]].dials.horizontal=0.9` (the paths of experiment factors, docs/MODEL.md §7.1). Repeatable; applied in order.";

    /// <summary>
    /// <paramref name="scenario"/> with every <c>path=value</c> applied; on a bad path or value returns null
    /// and one message naming the option, the path and what is wrong.
    /// </summary>
    public static Scenario? Apply(Scenario scenario, IReadOnlyList<string>? sets, out string? error)
    {
        error = null;
        foreach (string set in sets ?? [])
        {
            int equals = set.IndexOf('=');
            if (equals <= 0 || equals == set.Length - 1)
            {
                error = $"--set '{set}': expected PATH=VALUE, e.g. --set dials.vertical=0.5";
                return null;
            }
            string path = set[..equals].Trim(), text = set[(equals + 1)..].Trim();
            try
            {
                var parameter = ScenarioParameters.Resolve(path, scenario);
                scenario = parameter.Apply(scenario, parameter.Parse(text));
            }
            catch (ParameterException e)
            {
                error = $"--set {path}={text}: {e.Message}";
                return null;
            }
        }
        return scenario;
    }
}
