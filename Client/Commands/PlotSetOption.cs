using OrleansGov.Client.Experiments;
using Spectre.Console;

namespace OrleansGov.Client.Commands;

/// <summary>The <c>--plots default|all</c> option of <c>batch</c> and <c>report</c>.</summary>
internal static class PlotSetOption
{
    public static ValidationResult Validate(string plots) => plots is "default" or "all"
        ? ValidationResult.Success()
        : ValidationResult.Error($"--plots must be default or all, not '{plots}'");

    public static PlotSet Parse(string Plots) => Plots == "all" ? PlotSet.All : PlotSet.Default;
}
