using System.Security.Cryptography;
using System.Text.Json;
using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Calibration;

/// <summary>One claim over the posterior draws: how many draws it holds at, the probability and its Wilson 95 % interval, and which parameters decide it.</summary>
public sealed record PosteriorClaimResult(Claim Claim, int Draws, int Holds, double Probability, double Low, double High, IReadOnlyList<bool> PerDraw, string Deciders);

/// <summary>
/// The claims re-tested inside the calibrated parameter set (issue 11, "Claims as probabilities"): at each of
/// K draws from a calibration's posterior, every claim's arms run R paired replicates (the draw's values set
/// first, the claim's <c>robustness-exclude</c> parameters left to the arms, then the arms' overrides), and the
/// claim holds at the draw when every counting condition's estimate lies beyond its SESOI in the expected
/// direction — the robustness rule of docs/CLAIMS.md, with posterior draws in place of Latin hypercube points.
/// </summary>
public sealed class PosteriorClaimsPlan
{
    private readonly Dictionary<(int Draw, string Claim, string Arm), string> _configOf = [];

    public PosteriorClaimsPlan(ClaimsFile file, Posterior posterior, IReadOnlyList<double[]> draws, int replicates)
    {
        File = file;
        Draws = draws;
        Seeds = Designs.ReplicateSeeds(file.Seed, replicates);
        var priors = posterior.Parameters.Select(path =>
        {
            var parameter = ScenarioParameters.Resolve(path, file.Base);
            return new Prior(path, 0, 0, parameter.Kind == ParameterKind.Integer);
        }).ToList();
        var bySha = new Dictionary<string, string>(StringComparer.Ordinal);
        var configs = new List<(string Id, Scenario Scenario)>();
        for (int k = 0; k < draws.Count; k++)
        {
            foreach (var claim in file.Claims)
            {
                var keep = priors.Select((p, d) => (p, d)).Where(x => !claim.RobustnessExclude.Contains(x.p.Path)).ToList();
                var drawBase = CalibrationFile.Apply(file.Base, [.. keep.Select(x => x.p)], [.. keep.Select(x => draws[k][x.d])]);
                foreach (var arm in claim.Arms)
                {
                    var scenario = ClaimsParser.Apply(drawBase, arm.Overrides);
                    string sha = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(scenario with { Seed = 0, Name = "", Description = "" }, Manifest.Json)));
                    if (!bySha.TryGetValue(sha, out string? id))
                    {
                        id = $"d{k + 1:D3}-{Safe(claim.Id)}-{Safe(arm.Name)}";
                        bySha[sha] = id;
                        configs.Add((id, scenario));
                    }
                    _configOf[(k, claim.Id, arm.Name)] = id;
                }
            }
        }
        Runs = [.. configs.SelectMany(c => Seeds.Select((s, r) => new SimRun($"{c.Id}-r{r + 1:D2}", c.Scenario, s)))];
    }

    public ClaimsFile File { get; }

    public IReadOnlyList<double[]> Draws { get; }

    public IReadOnlyList<ulong> Seeds { get; }

    public IReadOnlyList<SimRun> Runs { get; }

    public string ConfigOf(int draw, string claim, string arm) => _configOf[(draw, claim, arm)];

    private static string Safe(string text) => new([.. text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-')]);

    /// <summary>Every claim's probability over the draws, from the run folders (null when a run did not complete).</summary>
    public IReadOnlyList<PosteriorClaimResult>? Evaluate(BatchFolder folder, Func<Claim, string> deciders)
    {
        var measures = File.Claims.SelectMany(c => c.Conditions).Select(c => c.Measure).DistinctBy(m => m.Key).ToList();
        var index = measures.Select((m, i) => (m.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        var reduced = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var run in Runs)
        {
            if (SimulationRuns.Reduce(folder, run.Name, measures) is not { } values)
            {
                return null;
            }
            reduced[run.Name] = values;
        }
        var results = new List<PosteriorClaimResult>();
        foreach (var claim in File.Claims)
        {
            var perDraw = new List<bool>();
            for (int k = 0; k < Draws.Count; k++)
            {
                double[] Values(string arm, Measure m) =>
                    [.. Seeds.Select((_, r) => reduced[$"{ConfigOf(k, claim.Id, arm)}-r{r + 1:D2}"][index[m.Key]])];
                var counting = claim.Conditions.Where(c => c.Counts)
                    .Select(c => (c, ClaimsEvaluation.Outcome(c, c.Weights.Keys.ToDictionary(a => a, a => Values(a, c.Measure), StringComparer.Ordinal))))
                    .ToList();
                perDraw.Add(ClaimsEvaluation.AtPoint(counting).Holds);
            }
            int holds = perDraw.Count(h => h);
            var (low, high) = Wilson(holds, perDraw.Count);
            results.Add(new PosteriorClaimResult(claim, perDraw.Count, holds, holds / (double)perDraw.Count, low, high, perDraw, deciders(claim)));
        }
        return results;
    }

    /// <summary>The Wilson score 95 % interval for a binomial proportion x/n (Wilson 1927; Brown, Cai and DasGupta 2001).</summary>
    public static (double Low, double High) Wilson(int x, int n)
    {
        if (n == 0) return (double.NaN, double.NaN);
        const double z = 1.959963984540054;
        double p = x / (double)n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
