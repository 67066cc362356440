using System.Globalization;
using OrleansGov.Metrics;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Results;

/// <summary>
/// A run's results folder <c>OUT/&lt;run-id&gt;/</c>. Every file is written under a temporary name and
/// renamed; the manifest is rewritten last, so a folder says <c>completed</c> only when it is.
/// </summary>
public sealed class RunFolder
{
    public const string ManifestFile = "manifest.json";
    public const string MetricsFile = "metrics.csv";
    public const string SummaryFile = "summary.json";
    public const string LogFile = "run.log";
    /// <summary>The resolved scenario as a runnable scenario file (<see cref="ScenarioWriter"/>): <c>run</c> it, or <c>rerun</c> the folder.</summary>
    public const string ScenarioFile = "scenario.yaml";
    private const string ClaimFile = ".claim";

    private RunFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>The default run id: <c>&lt;scenario&gt;-s&lt;seed&gt;-&lt;UTC yyyyMMdd-HHmmss&gt;</c>.</summary>
    public static string DefaultRunId(Scenario scenario, DateTimeOffset nowUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{Sanitize(scenario.Name)}-s{scenario.Seed}-{nowUtc.UtcDateTime:yyyyMMdd-HHmmss}");

    /// <summary>
    /// Creates the folder. With <paramref name="explicitId"/> false a taken id gets a suffix (-2, -3, …);
    /// with it true a taken id is an error (returns null), so no earlier results are ever overwritten.
    /// </summary>
    public static RunFolder? Create(string outDir, string runId, bool explicitId, out string finalId)
    {
        Directory.CreateDirectory(outDir);
        for (int attempt = 1; ; attempt++)
        {
            finalId = attempt == 1 ? runId : $"{runId}-{attempt}";
            string path = System.IO.Path.Combine(outDir, finalId);
            if (Directory.Exists(path) || System.IO.File.Exists(path))
            {
                if (explicitId)
                {
                    return null;
                }
                continue;
            }
            Directory.CreateDirectory(path);
            if (TryClaim(path))
            {
                return new RunFolder(path);
            }
            if (explicitId)
            {
                return null;
            }
        }
    }

    /// <summary>Two processes may pick the same id at the same second: the one that creates the claim file owns the folder.</summary>
    private static bool TryClaim(string path)
    {
        try
        {
            using var claim = new FileStream(System.IO.Path.Combine(path, ClaimFile), FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Deletes a folder this process created when not even its first manifest could be written (nothing in it to keep).</summary>
    public void RemoveUnstarted()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left as it is: without a manifest no tool takes it for a run.
        }
    }

    /// <summary>Removes the claim once the folder holds its manifest.</summary>
    public void ReleaseClaim() => System.IO.File.Delete(File(ClaimFile));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void WriteManifest(Manifest manifest) => AtomicFile.WriteBytes(File(ManifestFile), manifest.ToUtf8());

    /// <param name="scenario">The run's scenario: with a start date, the file gets a date column.</param>
    public void WriteMetrics(IReadOnlyList<ScopeMetrics> rows, Scenario? scenario = null) => AtomicFile.Write(File(MetricsFile), s => MetricsCsv.Write(s, rows, scenario));

    /// <summary>Writes <c>scenario.yaml</c>: the scenario as run, with a header saying how to run it again.</summary>
    public void WriteScenario(Scenario scenario, string runId) => AtomicFile.WriteBytes(File(ScenarioFile), System.Text.Encoding.UTF8.GetBytes(
        ScenarioWriter.Write(scenario,
            $"The resolved scenario of run {runId}: every preset expanded, every default written out.\n" +
            $"`orleansgov run scenario.yaml` runs it again (its seed is {scenario.Seed.ToString(CultureInfo.InvariantCulture)});\n" +
            "`orleansgov rerun <this folder>` does so and checks that metrics.csv comes out byte for byte the same.")));

    public void WriteSummary(Scenario scenario, IReadOnlyList<ScopeMetrics> rows) =>
        AtomicFile.Write(File(SummaryFile), s => RunSummary.Write(s, scenario, rows));

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        string clean = new string(chars).Trim('.');
        return clean.Length == 0 ? "run" : clean;
    }
}
