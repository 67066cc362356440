using System.Text;
using OrleansGov.Tests.Fuzzing;
using SharpFuzz;

// Usage: dotnet OrleansGov.Fuzz.dll scenario|experiment|claims [FILE...]
// Under afl-fuzz (scripts/fuzz.sh) it reads each input from stdin in a persistent loop; with files it
// replays them once each (to reproduce a crash), printing the outcome.
Action<string> target = args.FirstOrDefault() switch
{
    "scenario" => ParserTargets.Scenario,
    "experiment" => ParserTargets.Experiment,
    "claims" => ParserTargets.Claims,
    _ => throw new ArgumentException("first argument: scenario, experiment or claims"),
};
if (args.Length > 1)
{
    foreach (string file in args.Skip(1))
    {
        target(File.ReadAllText(file));
        Console.WriteLine($"{file}: ok");
    }
    return;
}
Fuzzer.Run(stream =>
{
    using var reader = new StreamReader(stream, new UTF8Encoding(false, false));
    target(reader.ReadToEnd());
});
