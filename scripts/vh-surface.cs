// The V × H surface of docs/MODEL.md §13 (issue 10): reads the runs.csv of a batch of
// scenarios/experiments/vh-surface.yaml and prints, per measure, the best cell, whether it is an interior
// optimum (inside the grid, beyond the noise of its row's or column's edges) and the grid of cell means
// (Client/Analysis/VhSurface.cs).
// Usage: orleansgov batch scenarios/experiments/vh-surface.yaml --parallel 2 --out results/vh-surface
//        dotnet run scripts/vh-surface.cs -c Release -- results/vh-surface [scope=nation]
#:project ../Client/Client.csproj
using OrleansGov.Client.Analysis;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: vh-surface.cs BATCH_DIR [scope]");
    return 2;
}
string runs = Path.Combine(args[0], "runs.csv");
if (!File.Exists(runs))
{
    Console.Error.WriteLine($"vh-surface: {runs}: not found (run the batch first)");
    return 2;
}
try
{
    Console.Write(VhSurface.Markdown(VhSurface.Read(runs, args.Length > 1 ? args[1] : "nation")));
    return 0;
}
catch (InvalidDataException e)
{
    Console.Error.WriteLine($"vh-surface: {e.Message}");
    return 2;
}
