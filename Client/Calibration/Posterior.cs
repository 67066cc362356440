using System.Globalization;
using OrleansGov.Client.Experiments;
using OrleansGov.Model;

namespace OrleansGov.Client.Calibration;

/// <summary>A weighted posterior sample: parameter paths and, per particle, values and weight (normalised).</summary>
public sealed record Posterior(IReadOnlyList<string> Parameters, IReadOnlyList<(double[] Theta, double Weight)> Particles)
{
    public const string FileName = "posterior.csv";

    /// <summary>
    /// <paramref name="count"/> draws by systematic resampling (one uniform offset from the seed's stream, then
    /// equal steps over the cumulative weights): deterministic, and each particle is drawn ⌊K·w⌋ or ⌈K·w⌉ times.
    /// </summary>
    public IReadOnlyList<double[]> Draw(int count, ulong seed)
    {
        var rng = new Rng(seed, 0xD4A7_0000UL, 0);
        double u = rng.NextDouble() / count, acc = 0;
        double total = Particles.Sum(p => p.Weight);
        var draws = new List<double[]>();
        int i = 0;
        for (int k = 0; k < count; k++)
        {
            double target = (u + k / (double)count) * total;
            while (i < Particles.Count - 1 && acc + Particles[i].Weight <= target)
            {
                acc += Particles[i].Weight;
                i++;
            }
            draws.Add(Particles[i].Theta);
        }
        return draws;
    }

    /// <summary>Weighted mean, SD and the 2.5 %, 50 % and 97.5 % weighted quantiles of parameter <paramref name="d"/>.</summary>
    public (double Mean, double Sd, double Low, double Median, double High) Summary(int d)
    {
        double total = Particles.Sum(p => p.Weight);
        double mean = Particles.Sum(p => p.Weight * p.Theta[d]) / total;
        double sd = Math.Sqrt(Particles.Sum(p => p.Weight * Math.Pow(p.Theta[d] - mean, 2)) / total);
        var sorted = Particles.Select(p => (X: p.Theta[d], W: p.Weight / total)).OrderBy(x => x.X).ToList();
        double Q(double q)
        {
            double acc = 0;
            foreach (var (x, w) in sorted)
            {
                acc += w;
                if (acc >= q - 1e-12) return x;
            }
            return sorted[^1].X;
        }
        return (mean, sd, Q(0.025), Q(0.5), Q(0.975));
    }

    /// <summary>Reads <c>posterior.csv</c> of a calibration folder (columns: particle, one per parameter, weight, distance).</summary>
    public static Posterior Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ExperimentException(folder, null, null, null, $"no {FileName}: not a completed calibration folder (run `orleansgov calibrate` first)");
        }
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int weight = Array.IndexOf(header, "weight");
        if (header.Length < 4 || header[0] != "particle" || weight < 2)
        {
            throw new ExperimentException(path, 1, 1, null, "not a posterior table (expected particle, parameters…, weight, distance)");
        }
        var parameters = header[1..weight];
        var particles = lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var cells = l.Split(',');
            return (Theta: cells[1..weight].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray(), Weight: double.Parse(cells[weight], CultureInfo.InvariantCulture));
        }).ToList();
        if (particles.Count == 0)
        {
            throw new ExperimentException(path, 2, 1, null, "the posterior has no particles");
        }
        return new Posterior(parameters, particles);
    }
}
