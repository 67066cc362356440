using OrleansGov.Client.Experiments;

namespace OrleansGov.Tests.Experiments;

public sealed class DesignTests
{
    /// <summary>The one SplitMix64 (the model's Rng) gives the reference outputs for seed 0 (Vigna's splitmix64.c).</summary>
    [Fact]
    public void SplitMix64_matches_the_reference_generator()
    {
        var rng = OrleansGov.Model.Rng.FromState(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void Replicate_seeds_follow_the_documented_rule()
    {
        var seeds = Designs.ReplicateSeeds(0, 3);
        Assert.Equal([0xE220A8397B1DCDAFUL & long.MaxValue, 0x6E789E6AA1B965F4UL, 0x06C45D188009454FUL], seeds);
        Assert.Equal(Designs.ReplicateSeeds(2024, 20), Designs.ReplicateSeeds(2024, 20));
        Assert.Equal(Designs.ReplicateSeeds(2024, 5), Designs.ReplicateSeeds(2024, 20)[..5]); // more replicates extend, never reshuffle
        Assert.Equal(20, Designs.ReplicateSeeds(2024, 20).Distinct().Count());
    }

    [Fact]
    public void Grid_is_every_combination_with_the_last_factor_fastest()
    {
        Assert.Equal([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]], Designs.Grid([2, 3]));
        Assert.Equal([[]], Designs.Grid([]));
    }

    [Fact]
    public void Latin_hypercube_puts_one_point_in_every_stratum_of_every_dimension()
    {
        const int Points = 17, Dims = 3;
        var design = Designs.LatinHypercube(Points, Dims, seed: 99);
        Assert.Equal(Points, design.Length);
        for (int d = 0; d < Dims; d++)
        {
            var strata = design.Select(p => (int)Math.Floor(p[d] * Points)).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, Points), strata);
        }
        Assert.Equal(design, Designs.LatinHypercube(Points, Dims, seed: 99));
        Assert.NotEqual(design, Designs.LatinHypercube(Points, Dims, seed: 100));
    }

    [Fact]
    public void Scale_maps_unit_values_onto_the_range()
    {
        Assert.Equal(0.25, Designs.Scale(0.5, 0, 0.5, integer: false));
        Assert.Equal(10, Designs.Scale(0.0, 10, 12, integer: true));
        Assert.Equal(11, Designs.Scale(0.5, 10, 12, integer: true));
        Assert.Equal(12, Designs.Scale(0.999, 10, 12, integer: true));
    }
}
