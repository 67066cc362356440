using System.Globalization;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Patterns;
using OrleansGov.Scenarios;
using YamlDotNet.RepresentationModel;

namespace OrleansGov.Client.Calibration;

/// <summary>A parsed calibration file: the scenario, the patterns, the priors and the ABC design.</summary>
public sealed record CalibrationFile(
    string Name,
    string Description,
    string ScenarioRef,
    Scenario Scenario,
    string PatternsRef,
    string PatternsPath,
    PatternSet Patterns,
    IReadOnlyList<Prior> Priors,
    AbcSettings Abc,
    int Predictive)
{
    /// <summary>The scenario at a parameter set (values in prior order), seed unset.</summary>
    public Scenario At(IReadOnlyList<double> theta) => Apply(Scenario, Priors, theta);

    public static Scenario Apply(Scenario scenario, IReadOnlyList<Prior> priors, IReadOnlyList<double> theta)
    {
        for (int d = 0; d < priors.Count; d++)
        {
            var parameter = ScenarioParameters.Resolve(priors[d].Path, scenario);
            var value = priors[d].Integer ? parameter.Integer((long)theta[d]) : parameter.Fraction(theta[d]);
            scenario = parameter.Apply(scenario, value);
        }
        return scenario;
    }
}

/// <summary>
/// Reads a calibration file (docs/CALIBRATION.md). Every problem is one <see cref="ExperimentException"/>
/// naming the file, line, column and key; the patterns file's own problems name that file.
/// </summary>
public static class CalibrationParser
{
    private static readonly string[] Keys =
    [
        "name", "description", "scenario", "patterns", "seed", "replicates", "method", "particles", "generations",
        "alpha", "epsilon", "batch", "max-runs", "predictive", "priors",
    ];

    public static CalibrationFile Load(string path)
    {
        var (text, directory) = YamlDoc.ReadFile(path);
        return Parse(text, path, directory);
    }

    public static CalibrationFile Parse(string yaml, string source, string directory)
    {
        var doc = new YamlDoc(source, "a calibration file");
        var root = doc.Root(yaml);
        doc.AllowOnly(root, "", Keys);
        string name = doc.RequiredText(root, "name");
        if (!YamlDoc.IsSafeName(name))
        {
            throw doc.Error(root.Children[new YamlScalarNode("name")], "name", $"'{name}' is not a valid name (use letters, digits, '.', '_' and '-')");
        }
        string description = doc.Text(root, "description") ?? "";
        string scenarioRef = doc.RequiredText(root, "scenario");
        string scenarioPath = Resolve(directory, scenarioRef);
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.Load(File.Exists(scenarioPath) ? scenarioPath : scenarioRef);
        }
        catch (ScenarioException e)
        {
            throw doc.Error(root.Children[new YamlScalarNode("scenario")], "scenario", "the scenario is not valid: " + e.Message);
        }
        string patternsRef = doc.RequiredText(root, "patterns");
        string patternsPath = Resolve(directory, patternsRef);
        if (!File.Exists(patternsPath))
        {
            throw doc.Error(root.Children[new YamlScalarNode("patterns")], "patterns", $"no patterns file '{patternsRef}' (relative paths are read from the calibration file's folder)");
        }
        var patterns = PatternsParser.Load(patternsPath, scenario);

        ulong seed = doc.ULong(root, "seed") ?? 1;
        int replicates = Positive(doc, root, "replicates", 1, 1000);
        string method = doc.Text(root, "method") ?? "smc";
        if (method is not ("smc" or "rejection"))
        {
            throw doc.Error(root.Children[new YamlScalarNode("method")], "method", $"unknown method '{method}' (expected rejection or smc)");
        }
        int particles = Positive(doc, root, "particles", 50, 100_000);
        if (particles < 2)
        {
            throw doc.Error(root.Children[new YamlScalarNode("particles")], "particles", "must be at least 2 (a population needs a spread)");
        }
        int generations = Positive(doc, root, "generations", 5, 1000);
        int batch = Positive(doc, root, "batch", particles, 100_000);
        int predictive = doc.Get(root, "predictive") is { } pn ? (int)Math.Clamp(doc.Long(pn, "predictive"), 0, 100_000) : 20;
        double alpha = Fraction(doc, root, "alpha", 0.5, open: true);
        double epsilon = doc.Get(root, "epsilon") is { } en ? doc.Double(en, "epsilon") : 1.0;
        if (epsilon <= 0)
        {
            throw doc.Error(doc.Get(root, "epsilon")!, "epsilon", "must be greater than 0 (1 = every pattern holds)");
        }
        var priors = ParsePriors(doc, root, scenario);
        long minimum = (long)particles * replicates;
        var maxNode = doc.Get(root, "max-runs");
        long maxRuns = maxNode is null ? ExperimentParser.DefaultMaxRuns : doc.Long(maxNode, "max-runs");
        if (maxRuns < minimum || maxRuns > int.MaxValue)
        {
            throw doc.Error(maxNode ?? root, "max-runs", $"the design needs at least {particles} particles × {replicates} replicates = {minimum} runs for one generation, more than max-runs {maxRuns}");
        }
        var abc = new AbcSettings(method, particles, method == "rejection" ? 1 : generations, alpha, epsilon, batch, (int)maxRuns, replicates, seed);
        return new CalibrationFile(name, description, scenarioRef, scenario, patternsRef, patternsPath, patterns, priors, abc, predictive);
    }

    private static string Resolve(string directory, string reference) => Path.IsPathRooted(reference) ? reference : Path.Combine(directory, reference);

    private static int Positive(YamlDoc doc, YamlMappingNode root, string key, int fallback, int max) =>
        doc.Get(root, key) is { } node ? doc.Positive(node, key, max) : fallback;

    private static double Fraction(YamlDoc doc, YamlMappingNode root, string key, double fallback, bool open)
    {
        if (doc.Get(root, key) is not { } node) return fallback;
        double v = doc.Double(node, key);
        return v > 0 && v < 1 ? v : throw doc.Error(node, key, $"must lie strictly between 0 and 1 (got {v.ToString("R", CultureInfo.InvariantCulture)})");
    }

    private static List<Prior> ParsePriors(YamlDoc doc, YamlMappingNode root, Scenario scenario)
    {
        if (doc.Get(root, "priors") is not YamlMappingNode { Children.Count: > 0 } map)
        {
            throw doc.Error(doc.Get(root, "priors") ?? root, "priors", "expected a mapping of numeric parameter → [min, max] (uniform priors)");
        }
        var priors = new List<Prior>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            string path = ((YamlScalarNode)keyNode).Value ?? "";
            string key = "priors." + path;
            var parameter = doc.Wrap(keyNode, key, () => ScenarioParameters.Resolve(path, scenario));
            if (!parameter.IsNumeric)
            {
                throw doc.Error(keyNode, key, $"a {parameter.Kind.ToString().ToLowerInvariant()} parameter cannot have a range prior");
            }
            if (valueNode is not YamlSequenceNode { Children.Count: 2 } pair
                || pair.Children[0] is not YamlScalarNode { Value: { } lowText } || pair.Children[1] is not YamlScalarNode { Value: { } highText })
            {
                throw doc.Error(valueNode, key, "expected a range [min, max]");
            }
            var low = doc.Wrap(pair.Children[0], key, () => parameter.Parse(lowText));
            var high = doc.Wrap(pair.Children[1], key, () => parameter.Parse(highText));
            double min = Convert.ToDouble(low.Value, CultureInfo.InvariantCulture), max = Convert.ToDouble(high.Value, CultureInfo.InvariantCulture);
            if (min >= max)
            {
                throw doc.Error(valueNode, key, $"min ({low.Text}) must be less than max ({high.Text})");
            }
            priors.Add(new Prior(path, min, max, parameter.Kind == ParameterKind.Integer));
        }
        // Every corner of the box must make a valid scenario (constants have cross-checks).
        foreach (var corner in new[] { priors.Select(p => p.Min).ToArray(), priors.Select(p => p.Max).ToArray() })
        {
            doc.Wrap(map, "priors", () => CalibrationFile.Apply(scenario, priors, corner));
        }
        return priors;
    }
}
