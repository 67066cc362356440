namespace OrleansGov.Client.Experiments;

/// <summary>Mean, standard deviation and t-based 95% confidence interval of a sample.</summary>
/// <param name="N">Sample size (values that are NaN are left out).</param>
/// <param name="Sd">Sample standard deviation (n − 1 denominator); NaN for n &lt; 2.</param>
public sealed record SampleSummary(int N, double Mean, double Sd, double Se, double CiLow, double CiHigh);

/// <summary>A difference of means (a − b) with its Welch 95% confidence interval and Cohen's d.</summary>
public sealed record Difference(double Value, double CiLow, double CiHigh, double Df, double CohensD);

/// <summary>
/// The statistics of the batch report, in plain C#. Confidence intervals use Student's t quantile,
/// computed (for any real df &gt; 0) by inverting the t distribution function, which is written with
/// the regularised incomplete beta function (continued fraction, Numerical Recipes §6.4) and a
/// Lanczos log-gamma; checked against published t tables in the tests.
/// </summary>
public static class Statistics
{
    public const double Confidence = 0.95;

    /// <summary>Mean, SD, SE and the t-based 95% CI of <paramref name="values"/> (NaN skipped), in order, so the bits are reproducible.</summary>
    public static SampleSummary Summarize(IEnumerable<double> values)
    {
        var w = new Welford();
        foreach (double v in values)
        {
            w.Add(v);
        }
        return w.Summary();
    }

    /// <summary>
    /// a − b with Welch's interval (unequal variances, Welch–Satterthwaite df), which does not
    /// assume the arms' runs are paired, and Cohen's d with the pooled SD. NaN where undefined.
    /// </summary>
    public static Difference Compare(SampleSummary a, SampleSummary b)
    {
        double diff = a.Mean - b.Mean;
        if (a.N < 2 || b.N < 2)
        {
            return new Difference(diff, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        double va = a.Sd * a.Sd / a.N, vb = b.Sd * b.Sd / b.N;
        double se = Math.Sqrt(va + vb);
        double pooled = Math.Sqrt(((a.N - 1) * a.Sd * a.Sd + (b.N - 1) * b.Sd * b.Sd) / (a.N + b.N - 2));
        double d = pooled > 0 ? diff / pooled : double.NaN;
        if (se == 0)
        {
            return new Difference(diff, diff, diff, double.NaN, d);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.N - 1) + vb * vb / (b.N - 1));
        double half = TQuantile(0.5 + Confidence / 2, df) * se;
        return new Difference(diff, diff - half, diff + half, df, d);
    }

    /// <summary>The <paramref name="p"/>-quantile of Student's t with <paramref name="df"/> degrees of freedom (p in (0, 1), df &gt; 0).</summary>
    public static double TQuantile(double p, double df)
    {
        if (p is <= 0 or >= 1 || !(df > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1) and df be positive");
        }
        if (p < 0.5)
        {
            return -TQuantile(1 - p, df);
        }
        if (p == 0.5)
        {
            return 0;
        }
        double hi = 1;
        while (TCdf(hi, df) < p)
        {
            hi *= 2;
        }
        double lo = 0;
        for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (TCdf(mid, df) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>P(T ≤ t) for Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double TCdf(double t, double df)
    {
        double x = df / (df + t * t);
        double tail = 0.5 * RegularizedBeta(x, df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>I_x(a, b), the regularised incomplete beta function.</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0)
        {
            return 0;
        }
        if (x >= 1)
        {
            return 1;
        }
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(x, a, b) / a
            : 1 - front * BetaContinuedFraction(1 - x, b, a) / b;
    }

    private static double BetaContinuedFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300, Eps = 1e-16;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 1000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < Eps)
            {
                break;
            }
        }
        return h;
    }

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error ~1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        x -= 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, double> T975Cache = new();

    /// <summary>The 0.975 quantile of t for whole-number df, cached (per-tick bands ask for it thousands of times).</summary>
    public static double T975(int df) => T975Cache.GetOrAdd(df, d => TQuantile(0.5 + Confidence / 2, d));

    /// <summary>Welford's running mean and variance (one pass, numerically stable); NaN values are skipped.</summary>
    public struct Welford
    {
        private int _n;
        private double _mean, _m2;

        public readonly int N => _n;

        public void Add(double value)
        {
            if (double.IsNaN(value))
            {
                return;
            }
            _n++;
            double delta = value - _mean;
            _mean += delta / _n;
            _m2 += delta * (value - _mean);
        }

        public readonly SampleSummary Summary()
        {
            if (_n == 0)
            {
                return new SampleSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            }
            if (_n == 1)
            {
                return new SampleSummary(1, _mean, double.NaN, double.NaN, double.NaN, double.NaN);
            }
            double sd = Math.Sqrt(_m2 / (_n - 1));
            double se = sd / Math.Sqrt(_n);
            double half = T975(_n - 1) * se;
            return new SampleSummary(_n, _mean, sd, se, _mean - half, _mean + half);
        }
    }
}
