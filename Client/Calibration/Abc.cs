namespace OrleansGov.Client.Calibration;

/// <summary>A uniform prior over [Min, Max] for one parameter (an experiment parameter path); whole numbers when <see cref="Integer"/>.</summary>
public sealed record Prior(string Path, double Min, double Max, bool Integer)
{
    public bool Contains(double x) => x >= Min && x <= Max;
}

/// <summary>The ABC design: docs/CALIBRATION.md explains each number.</summary>
/// <param name="Method"><c>rejection</c> (one generation from the prior at the target tolerance) or <c>smc</c> (ABC-SMC with an adaptive tolerance).</param>
/// <param name="Particles">Accepted parameter sets per generation (N).</param>
/// <param name="Generations">The most generations of ABC-SMC (generation 0 is the prior sample).</param>
/// <param name="Alpha">ABC-SMC: the next tolerance is this quantile of the current population's distances (Del Moral et al. 2012).</param>
/// <param name="Epsilon">The target tolerance on the distance (1 = every pattern holds).</param>
/// <param name="Batch">Proposals simulated together (a batch runs in parallel; the first N accepted in proposal order are kept).</param>
/// <param name="MaxRuns">The budget: simulations (proposals × replicates) over the whole calibration.</param>
/// <param name="Replicates">Simulations per proposal (their mean is compared with the patterns).</param>
public sealed record AbcSettings(string Method, int Particles, int Generations, double Alpha, double Epsilon, int Batch, int MaxRuns, int Replicates, ulong Seed);

/// <summary>A proposed parameter set: its generation, its index among that generation's proposals (from 0) and its values (one per prior).</summary>
public sealed record Proposal(int Generation, int Index, double[] Theta)
{
    public string Name => $"p{Index + 1:D4}";
}

/// <summary>A simulated proposal: its distance and per-pattern discrepancies, whether it was accepted, its weight (0 when not).</summary>
public sealed record Particle(Proposal Proposal, double Distance, double[] Discrepancies, bool Accepted, double Weight);

/// <summary>One generation: its tolerance, every proposal simulated, the accepted ones with normalised weights.</summary>
public sealed record AbcGeneration(int Index, double Epsilon, IReadOnlyList<Particle> Simulated)
{
    public IReadOnlyList<Particle> Population => [.. Simulated.Where(p => p.Accepted)];

    public double AcceptanceRate => Simulated.Count == 0 ? double.NaN : Population.Count / (double)Simulated.Count;

    /// <summary>Kish's effective sample size of the weights, (Σw)² / Σw².</summary>
    public double EffectiveSampleSize
    {
        get
        {
            var w = Population.Select(p => p.Weight).ToList();
            double s = w.Sum(), s2 = w.Sum(x => x * x);
            return s2 == 0 ? 0 : s * s / s2;
        }
    }
}

/// <summary>The calibration's outcome: the generations done, whether the posterior (the last complete generation) is at the target tolerance, and why it stopped.</summary>
public sealed record AbcResult(IReadOnlyList<AbcGeneration> Generations, int Runs, string StopReason, bool Cancelled)
{
    public AbcGeneration? Posterior => Generations.Count == 0 ? null : Generations[^1];
}

/// <summary>
/// What the sampler needs of the model: per proposal of a batch, the per-pattern discrepancies of its
/// simulations (their replicate means); null when cancelled. The real one runs the model through the
/// batch runner (<see cref="ModelSimulator"/>); tests plug in a cheap function through the same path.
/// </summary>
public interface IAbcSimulator
{
    Task<IReadOnlyList<double[]>?> SimulateAsync(IReadOnlyList<Proposal> batch, CancellationToken cancellationToken);
}
