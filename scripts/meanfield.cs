// The mean-field comparison of docs/MODEL.md §15 (issue 10, item 11): runs the ladder of variants of
// Client/Analysis/MeanFieldComparison.cs on the reference engine and prints, per variant, the nation's
// cloud adoption at the end of each year — the agents' mean over seeds beside the mean-field's
// difference equations (continuous, and counting whole systems).
// Usage: dotnet run scripts/meanfield.cs -c Release -- [scenario=three-provinces] [seeds=3] [ticks=260]
#:project ../Client/Client.csproj
using System.Globalization;
using OrleansGov.Client.Analysis;
using OrleansGov.Scenarios;

var inv = CultureInfo.InvariantCulture;
string scenarioName = args.Length > 0 ? args[0] : "three-provinces";
int seedCount = args.Length > 1 ? int.Parse(args[1], inv) : 3;
int ticks = args.Length > 2 ? int.Parse(args[2], inv) : 260;
Scenario scenario;
try
{
    scenario = ScenarioLoader.Load(scenarioName) with { Ticks = ticks };
}
catch (OrleansGov.Scenarios.ScenarioException e)
{
    Console.Error.WriteLine($"meanfield: {e.Message}");
    return 2;
}
var seeds = Enumerable.Range(1, seedCount).Select(i => (ulong)(2024 + i)).ToArray();
int[] sampled = [.. Enumerable.Range(1, ticks / scenario.TicksPerYear).Select(y => y * scenario.TicksPerYear - 1)];
var rows = await MeanFieldComparison.RunAsync(scenario, MeanFieldComparison.Ladder, seeds, sampled);
Console.WriteLine($"Nation cloud adoption, {scenarioName} without its timeline, levers off, {ticks} ticks, seeds {string.Join(", ", seeds)}; agents = mean over seeds, MF = mean-field, MF whole = mean-field in whole systems.");
Console.WriteLine();
Console.Write(MeanFieldComparison.Markdown(rows, sampled));
return 0;
