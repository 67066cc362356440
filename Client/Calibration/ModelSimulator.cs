using OrleansGov.Client.Experiments;
using OrleansGov.Client.Patterns;
using OrleansGov.Model;

namespace OrleansGov.Client.Calibration;

/// <summary>
/// The model as an ABC simulator: each proposal of generation g runs its replicates into
/// <c>gen-gg/runs/pNNNN-rRR/</c> (ordinary results folders; completed ones are reused on resume) and is
/// reduced to the patterns' discrepancies of its replicate means.
/// </summary>
public sealed class ModelSimulator(CalibrationFile file, SimulationRuns runs, string root) : IAbcSimulator
{
    public static string GenerationDir(int generation) => $"gen-{generation:D2}";

    /// <summary>The seed of replicate <paramref name="replicate"/> of a proposal: a stream of (calibration seed, generation, proposal, replicate).</summary>
    public static ulong SeedOf(ulong seed, int generation, int index, int replicate) =>
        new Rng(seed, 0x5EED_0000UL + (ulong)generation, index * 1000 + replicate).NextUInt64() & 0x7FFF_FFFF_FFFF_FFFFUL;

    public async Task<IReadOnlyList<double[]>?> SimulateAsync(IReadOnlyList<Proposal> batch, CancellationToken cancellationToken)
    {
        int g = batch[0].Generation;
        var folder = new BatchFolder(Path.Combine(root, GenerationDir(g)));
        var list = batch.SelectMany(p => Enumerable.Range(1, file.Abc.Replicates).Select(r =>
            new SimRun($"{p.Name}-r{r:D2}", file.At(p.Theta), SeedOf(file.Abc.Seed, g, p.Index, r)))).ToList();
        if (!await runs.RunAsync(folder, $"{file.Name}-g{g}", list, quiet: true, cancellationToken))
        {
            return null;
        }
        var measures = file.Patterns.Measures;
        return [.. batch.Select(p =>
        {
            var reduced = Enumerable.Range(1, file.Abc.Replicates)
                .Select(r => SimulationRuns.Reduce(folder, $"{p.Name}-r{r:D2}", measures))
                .ToList();
            if (reduced.Any(x => x is null))
            {
                return Enumerable.Repeat(double.NaN, file.Patterns.Patterns.Count).ToArray(); // a failed run: never accepted
            }
            return file.Patterns.Discrepancies(PatternCheck.Means([.. reduced!], measures.Count));
        })];
    }
}
