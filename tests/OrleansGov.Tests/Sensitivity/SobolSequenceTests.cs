using OrleansGov.Client.Sensitivity;

namespace OrleansGov.Tests.Sensitivity;

public sealed class SobolSequenceTests
{
    [Fact]
    public void First_points_of_the_first_two_dimensions_are_the_known_ones()
    {
        var points = SobolSequence.Generate(8, 2);
        Assert.Equal([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125], points.Select(p => p[0]));
        Assert.Equal([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625], points.Select(p => p[1]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(7, 19)]
    [InlineData(40, 99)]
    public void Every_pair_of_dimensions_is_balanced_on_halves_and_each_dimension_on_dyadic_cells(int d1, int d2)
    {
        // The first 2^m points put exactly one point in each cell [j/2^m, (j+1)/2^m) of every dimension,
        // and the same number in each quadrant of every pair: the net properties that make Saltelli's estimates converge.
        const int n = 256;
        var points = SobolSequence.Generate(n, 100);
        foreach (int d in new[] { d1, d2 })
        {
            Assert.Equal(Enumerable.Range(0, n), points.Select(p => (int)(p[d] * n)).Order());
        }
        var quadrants = points.GroupBy(p => (p[d1] < 0.5, p[d2] < 0.5)).Select(g => g.Count()).ToList();
        Assert.Equal(4, quadrants.Count);
        Assert.All(quadrants, c => Assert.Equal(n / 4, c));
    }

    [Fact]
    public void Skipping_gives_the_tail_of_the_same_sequence()
    {
        var all = SobolSequence.Generate(40, 6);
        var tail = SobolSequence.Generate(8, 6, skip: 32);
        Assert.Equal(all.Skip(32).SelectMany(p => p), tail.SelectMany(p => p));
    }

    [Fact]
    public void Saltelli_design_has_A_then_each_AB_i_then_B_per_base_point()
    {
        const int n = 4, k = 3;
        var design = Saltelli.Sample(n, k);
        Assert.Equal(n * (k + 2), design.Length);
        var basePoints = SobolSequence.Generate(n, 2 * k, Saltelli.Skip(n));
        for (int j = 0; j < n; j++)
        {
            var a = basePoints[j][..k];
            var b = basePoints[j][k..];
            Assert.Equal(a, design[j * (k + 2)]);
            Assert.Equal(b, design[j * (k + 2) + k + 1]);
            for (int i = 0; i < k; i++)
            {
                var expected = (double[])a.Clone();
                expected[i] = b[i];
                Assert.Equal(expected, design[j * (k + 2) + 1 + i]);
            }
        }
    }

    [Fact]
    public void Morris_trajectories_move_one_parameter_by_delta_on_the_grid()
    {
        const int k = 5, levels = 4;
        var x = Morris.Sample(6, k, levels, seed: 3);
        double delta = Morris.Delta(levels);
        Assert.Equal(6 * (k + 1), x.Length);
        Assert.All(x.SelectMany(p => p), v => Assert.Contains(Math.Round(v * (levels - 1), 9), new double[] { 0, 1, 2, 3 }));
        for (int t = 0; t < 6; t++)
        {
            var moved = new HashSet<int>();
            for (int s = 0; s < k; s++)
            {
                var before = x[t * (k + 1) + s];
                var after = x[t * (k + 1) + s + 1];
                var changed = Enumerable.Range(0, k).Where(i => before[i] != after[i]).ToList();
                Assert.Single(changed);
                Assert.Equal(delta, Math.Abs(after[changed[0]] - before[changed[0]]), 12);
                Assert.True(moved.Add(changed[0]));
            }
        }
    }

    [Fact]
    public void Morris_design_is_a_function_of_its_seed()
    {
        Assert.Equal(Morris.Sample(4, 7, 4, 9).SelectMany(p => p), Morris.Sample(4, 7, 4, 9).SelectMany(p => p));
        Assert.NotEqual(Morris.Sample(4, 7, 4, 9).SelectMany(p => p), Morris.Sample(4, 7, 4, 10).SelectMany(p => p));
    }
}
