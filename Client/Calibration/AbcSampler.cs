using OrleansGov.Client.Patterns;
using OrleansGov.Model;

namespace OrleansGov.Client.Calibration;

/// <summary>
/// Approximate Bayesian computation over uniform priors against the patterns' distance
/// (<see cref="PatternSet.Distance"/>, the largest scaled discrepancy). Two algorithms (docs/CALIBRATION.md):
/// <list type="bullet">
/// <item><c>rejection</c> (Pritchard et al. 1999): proposals from the prior, accepted when the distance is at
/// most ε; batches until N are accepted or the budget is spent.</item>
/// <item><c>smc</c> (Toni et al. 2009; Beaumont et al. 2009, ABC-PMC): generation 0 is N draws from the prior,
/// all kept; generation t proposes from generation t−1 (an ancestor drawn by weight, moved by a Gaussian kernel
/// with twice the weighted variance per parameter, redrawn until inside the prior), accepts at ε_t and weights
/// each accepted θ by π(θ) / Σ_j w_j K(θ | θ_j). The tolerance adapts (Del Moral et al. 2012; pyabc's quantile
/// epsilon): ε_t is the α-quantile of generation t−1's distances, never below the target; the run stops when a
/// generation at the target is complete, after the last generation, when ε stops falling, or at the budget.</item>
/// </list>
/// Every random draw comes from a stream of (seed, generation, proposal index), and a batch's first N accepted
/// proposals are kept in proposal order, so the result does not depend on how many runs go at a time or on
/// where an interrupted calibration was resumed.
/// </summary>
public sealed class AbcSampler(IReadOnlyList<Prior> priors, AbcSettings settings, IAbcSimulator simulator)
{
    /// <summary>Called after each complete generation (the command writes its tables then).</summary>
    public Func<AbcGeneration, Task>? OnGeneration { get; init; }

    /// <summary>Called after each batch (progress).</summary>
    public Action<int, int, int, int>? OnBatch { get; init; }

    public async Task<AbcResult> RunAsync(CancellationToken cancellationToken)
    {
        var generations = new List<AbcGeneration>();
        int runs = 0;
        bool smc = settings.Method == "smc";
        double epsilon = smc ? double.PositiveInfinity : settings.Epsilon;
        for (int t = 0; ; t++)
        {
            var previous = generations.Count == 0 ? null : generations[^1];
            var sigma = previous is null ? null : KernelSd(previous.Population);
            var simulated = new List<Particle>();
            int accepted = 0;
            int next = 0;
            while (accepted < settings.Particles)
            {
                int size = t == 0 && smc ? settings.Particles : settings.Batch;
                if (runs + size * settings.Replicates > settings.MaxRuns)
                {
                    return new AbcResult(generations, runs, Stopped(t, accepted, "the run budget (max-runs) would be exceeded"), false);
                }
                var batch = Enumerable.Range(next, size).Select(i => Propose(t, i, previous, sigma)).ToList();
                next += size;
                var discrepancies = await simulator.SimulateAsync(batch, cancellationToken);
                if (discrepancies is null)
                {
                    return new AbcResult(generations, runs, "cancelled", true);
                }
                runs += size * settings.Replicates;
                for (int i = 0; i < batch.Count; i++)
                {
                    double d = PatternSet.Distance(discrepancies[i]);
                    bool ok = accepted < settings.Particles && (double.IsPositiveInfinity(epsilon) || d <= epsilon);
                    accepted += ok ? 1 : 0;
                    simulated.Add(new Particle(batch[i], d, discrepancies[i], ok, 0));
                }
                OnBatch?.Invoke(t, accepted, simulated.Count, runs);
            }
            var generation = new AbcGeneration(t, epsilon, Weigh(simulated, previous, sigma));
            generations.Add(generation);
            if (OnGeneration is not null)
            {
                await OnGeneration(generation);
            }
            if (!smc)
            {
                return new AbcResult(generations, runs, $"rejection: {settings.Particles} accepted at ε = {Fmt(epsilon)}", false);
            }
            if (epsilon <= settings.Epsilon)
            {
                return new AbcResult(generations, runs, $"reached the target tolerance ε = {Fmt(settings.Epsilon)} in generation {t}", false);
            }
            if (t + 1 >= settings.Generations)
            {
                return new AbcResult(generations, runs, $"the last generation ({settings.Generations}) ended at ε = {Fmt(epsilon)}, above the target {Fmt(settings.Epsilon)}", false);
            }
            double quantile = Quantile([.. generation.Population.Select(p => p.Distance)], settings.Alpha);
            double nextEpsilon = Math.Max(settings.Epsilon, quantile);
            if (nextEpsilon >= epsilon)
            {
                return new AbcResult(generations, runs, $"the tolerance stopped falling at ε = {Fmt(epsilon)} (target {Fmt(settings.Epsilon)})", false);
            }
            epsilon = nextEpsilon;
        }
    }

    private static string Stopped(int t, int accepted, string why) =>
        t == 0 ? $"{why}: generation 0 has only {accepted} accepted, no posterior" : $"{why} in generation {t} ({accepted} accepted); the posterior is generation {t - 1}";

    private static string Fmt(double x) => double.IsPositiveInfinity(x) ? "∞" : x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Proposal <paramref name="index"/> of generation <paramref name="t"/>: from the prior, or moved from an ancestor of the previous population.</summary>
    private Proposal Propose(int t, int index, AbcGeneration? previous, double[]? sigma)
    {
        var rng = new Rng(settings.Seed, 0xCA1B_0000UL + (ulong)t, index);
        if (previous is null)
        {
            // A whole-number prior [a, b] draws a … b with equal chances (floor of U[a, b + 1)).
            return new Proposal(t, index, [.. priors.Select(p => Math.Min(Round(p, rng.Uniform(p.Min, p.Max + (p.Integer ? 1 : 0))), p.Max))]);
        }
        var population = previous.Population;
        for (int attempt = 0; ; attempt++)
        {
            var ancestor = population[Pick(population, ref rng)];
            var theta = new double[priors.Count];
            bool inside = true;
            for (int d = 0; d < priors.Count; d++)
            {
                theta[d] = Round(priors[d], ancestor.Proposal.Theta[d] + sigma![d] * Normal(ref rng));
                inside &= priors[d].Contains(theta[d]);
            }
            if (inside || attempt >= 10_000)
            {
                // After 10,000 misses (a kernel far wider than the prior) the ancestor itself is proposed.
                return new Proposal(t, index, inside ? theta : [.. ancestor.Proposal.Theta]);
            }
        }
    }

    /// <summary>Whole-number parameters are floored; a moved value outside the prior is then redrawn, never clamped (clamping would pile mass on the bounds).</summary>
    private static double Round(Prior p, double x) => p.Integer ? Math.Floor(x) : x;

    private static int Pick(IReadOnlyList<Particle> population, ref Rng rng)
    {
        double u = rng.NextDouble() * population.Sum(p => p.Weight), acc = 0;
        for (int i = 0; i < population.Count; i++)
        {
            acc += population[i].Weight;
            if (u < acc) return i;
        }
        return population.Count - 1;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(ref Rng rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The kernel's SD per parameter: √(2 × weighted variance) of the population (Beaumont et al. 2009), at least 1e-3 of the prior's width.</summary>
    private double[] KernelSd(IReadOnlyList<Particle> population)
    {
        var sd = new double[priors.Count];
        double total = population.Sum(p => p.Weight);
        for (int d = 0; d < priors.Count; d++)
        {
            double mean = population.Sum(p => p.Weight * p.Proposal.Theta[d]) / total;
            double variance = population.Sum(p => p.Weight * Math.Pow(p.Proposal.Theta[d] - mean, 2)) / total;
            sd[d] = Math.Max(Math.Sqrt(2 * variance), 1e-3 * (priors[d].Max - priors[d].Min));
        }
        return sd;
    }

    /// <summary>Normalised importance weights of the accepted proposals (uniform prior: π is constant inside the box).</summary>
    private List<Particle> Weigh(List<Particle> simulated, AbcGeneration? previous, double[]? sigma)
    {
        var raw = simulated.Select(p =>
        {
            if (!p.Accepted) return 0.0;
            if (previous is null) return 1.0;
            double denominator = 0;
            foreach (var q in previous.Population)
            {
                double k = 1;
                for (int d = 0; d < priors.Count; d++)
                {
                    double z = (p.Proposal.Theta[d] - q.Proposal.Theta[d]) / sigma![d];
                    k *= Math.Exp(-0.5 * z * z) / sigma[d];
                }
                denominator += q.Weight * k;
            }
            return denominator > 0 ? 1.0 / denominator : 0.0;
        }).ToList();
        double sum = raw.Sum();
        return [.. simulated.Select((p, i) => p with { Weight = sum > 0 ? raw[i] / sum : 0 })];
    }

    /// <summary>The <paramref name="alpha"/>-quantile (linear interpolation between order statistics, type 7).</summary>
    public static double Quantile(IReadOnlyList<double> values, double alpha)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        double h = (sorted.Length - 1) * alpha;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        if (double.IsPositiveInfinity(sorted[hi])) return sorted[hi];
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
