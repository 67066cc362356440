using System.Security.Cryptography;
using System.Text.Json;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Sensitivity;

/// <summary>
/// Configurations that are the same scenario at every sample point run once. The claims share arms (C1 and
/// C2 compare the same four modes; C3's plain authority and collaborative are C1's), so an analysis of
/// several claims would otherwise run the same scenario with the same seed two or three times per point.
/// Two configurations are one when the scenario each gives is identical at every point (seed, name and
/// description aside) — not when their overrides read the same: an arm that sets a lever to its default
/// differs from one that does not wherever that lever is sampled. The first configuration keeps its id;
/// outputs that used a merged one point to it (weights added; a contrast of two equal arms is 0 everywhere).
/// </summary>
public static class SharedConfigs
{
    /// <summary>A running SHA-256 per configuration over the scenarios of every point, in point order.</summary>
    public sealed class Fingerprints(int configs)
    {
        private readonly IncrementalHash[] _hashes = [.. Enumerable.Range(0, configs).Select(_ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256))];

        public void Add(int config, Scenario scenario) =>
            _hashes[config].AppendData(JsonSerializer.SerializeToUtf8Bytes(scenario with { Seed = 0, Name = "", Description = "" }, Manifest.Json));

        public string[] Finish()
        {
            var result = _hashes.Select(h => Convert.ToHexStringLower(h.GetHashAndReset())).ToArray();
            foreach (var h in _hashes)
            {
                h.Dispose();
            }
            return result;
        }
    }

    /// <summary>The plan with each set of configurations of equal fingerprint reduced to its first.</summary>
    public static SensitivityPlan Merge(SensitivityPlan plan, IReadOnlyList<string> fingerprints)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        var target = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<SensitivityConfig>();
        for (int c = 0; c < plan.Configs.Count; c++)
        {
            if (!first.TryGetValue(fingerprints[c], out string? id))
            {
                id = plan.Configs[c].Id;
                first[fingerprints[c]] = id;
                kept.Add(plan.Configs[c]);
            }
            target[plan.Configs[c].Id] = id;
        }
        if (kept.Count == plan.Configs.Count)
        {
            return plan;
        }
        var outputs = plan.Outputs.Select(o =>
        {
            var weights = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (config, weight) in o.Weights)
            {
                weights[target[config]] = weights.GetValueOrDefault(target[config]) + weight;
            }
            // Two arms of one contrast that are the same scenario cancel: the output is 0 at every point.
            return o with { Weights = weights.Where(w => w.Value != 0).ToDictionary(StringComparer.Ordinal) };
        }).ToList();
        return plan with { Configs = kept, Outputs = outputs };
    }
}
