using System.Globalization;
using System.Text;
using OrleansGov.Client.Analysis;
using Xunit;

namespace OrleansGov.Tests.Analysis;

/// <summary>The V × H surface reader (docs/MODEL.md §13): best cell, interior optimum beyond the noise, slopes.</summary>
public sealed class VhSurfaceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vh-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A 3 × 3 runs.csv with two replicates per cell: adoption = f(V, H) ± noise, a failed run that must be ignored.</summary>
    private string Runs(Func<double, double, double> adoption, double noise)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("run,arm,replicate,seed,dials.vertical,dials.horizontal,status,error,nation_final_cloud_adoption,nation_mean_cloud_adoption,nation_mean_reported_adoption\n");
        double[] grid = [0, 0.5, 1];
        foreach (double v in grid)
            foreach (double h in grid)
                for (int r = 1; r <= 2; r++)
                {
                    double a = adoption(v, h) + (r == 1 ? noise : -noise);
                    sb.Append(string.Create(inv, $"x,{v}_{h},{r},1,{v},{h},completed,,{a},{a / 2},{a / 2 + 0.1 * v}\n"));
                }
        sb.Append("y,1_1,3,1,1,1,failed,\"boom, it broke\",,,\n");
        string path = Path.Combine(_dir, "runs.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static readonly (string, bool)[] Measures = [("final_cloud_adoption", true), ("mean_paper_gap", false)];

    [Fact]
    public void A_monotone_surface_has_its_best_at_the_corner_and_no_interior_optimum()
    {
        var surfaces = VhSurface.Read(Runs((v, h) => 0.5 * v + 0.3 * h, 0.01), measures: Measures);
        var adoption = surfaces[0];
        var (best, _, _) = adoption.Best();
        Assert.Equal((1.0, 1.0, 2), (best.V, best.H, best.N)); // the failed run is not counted
        Assert.Equal((false, false), (adoption.Interior().InV, adoption.Interior().InH));
        Assert.Equal(0.5, adoption.Slopes().AlongV, 9);
        Assert.Equal(0.3, adoption.Slopes().AlongH, 9);
        // The derived paper gap (reported − real, mean over the run) grows with V: best (lowest) at V = 0.
        Assert.Equal(0.0, surfaces[1].Best().Cell.V);
        Assert.Equal(0.1, surfaces[1].Slopes().AlongV, 9);
        Assert.Contains("no (edge)", VhSurface.Markdown(surfaces));
    }

    [Fact]
    public void A_peak_inside_the_grid_is_an_interior_optimum_only_beyond_the_noise()
    {
        double Peak(double v, double h) => 0.5 - (h - 0.5) * (h - 0.5) + 0.2 * v;
        var clear = VhSurface.Read(Runs(Peak, 0.001), measures: Measures)[0];
        Assert.Equal((false, true), (clear.Interior().InV, clear.Interior().InH));
        Assert.Equal(0.5, clear.Best().Cell.H);
        Assert.Contains("**yes, in H**", VhSurface.Markdown([clear]));
        // The same peak (0.25 above the edges) inside noise of ±0.3 per run is not called an optimum.
        var noisy = VhSurface.Read(Runs(Peak, 0.3), measures: Measures)[0];
        Assert.False(noisy.Interior().InH);
    }

    [Fact]
    public void A_runs_file_without_the_dials_names_the_missing_column()
    {
        string path = Path.Combine(_dir, "runs.csv");
        File.WriteAllText(path, "run,arm,replicate,seed,mode,status,error\nx,a,1,1,loose,completed,\n");
        var error = Assert.Throws<InvalidDataException>(() => VhSurface.Read(path));
        Assert.Contains("no column 'dials.vertical'", error.Message);
    }
}
