using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Scenarios;

namespace OrleansGov.Tests.Fuzzing;

/// <summary>
/// The three file parsers as fuzz targets, shared by the property tests (<c>ParserFuzzTests</c>) and the
/// coverage-guided harness (<c>tests/OrleansGov.Fuzz</c>, <c>scripts/fuzz.sh</c>). The contract checked:
/// whatever the text, a parser either returns or throws its located error — a message that starts with
/// the file name (then line:column and key where there is one), which the CLI prints with exit code 2.
/// Any other exception escapes, and is the fuzzer's crash.
/// </summary>
public static class ParserTargets
{
    public const string Source = "fuzz.yaml";

    /// <summary>A folder holding <c>base.yaml</c>, the base scenario experiment and claims inputs may name.</summary>
    public static readonly Lazy<string> Folder = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "orleansgov-fuzz-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "base.yaml"), """
            name: base
            ticks: 20
            departments: [health, transport]
            provinces:
              - { name: east, cities: 1, counties: 2, enterprises: 1 }
              - { preset: chongqing, counties: 2 }
            timeline:
              - { tick: 5, event: appoint-national-chief }
            """);
        return dir;
    });

    public static void Scenario(string text) => Located(Source, () => ScenarioLoader.Parse(text, Source), typeof(ScenarioException));

    public static void Experiment(string text) => Located(Source, () => ExperimentParser.Parse(text, Source, Folder.Value), typeof(ExperimentException));

    public static void Claims(string text) => Located(Source, () => ClaimsParser.Parse(text, Source, Folder.Value), typeof(ExperimentException));

    /// <summary>Runs <paramref name="parse"/>; the only exception allowed is <paramref name="located"/> with a message naming <paramref name="source"/>.</summary>
    private static void Located(string source, Action parse, Type located)
    {
        try
        {
            parse();
        }
        catch (Exception e) when (e.GetType() == located)
        {
            if (!e.Message.StartsWith(source + ":", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"error without its location: {e.Message}", e);
            }
        }
    }
}
