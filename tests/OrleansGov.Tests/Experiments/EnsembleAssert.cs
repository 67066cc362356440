using System.Text.Json;

namespace OrleansGov.Tests.Experiments;

/// <summary>Compares two batch folders file by file.</summary>
public static class EnsembleAssert
{
    /// <summary>Where and when a run ran: the manifest fields that legitimately differ between two executions of the same runs.</summary>
    private static readonly string[] HostFields = ["run_id", "where", "silo_count", "machine_name", "pid", "command_line", "started_utc", "ended_utc", "heartbeat"];

    /// <summary>
    /// Every file of <paramref name="expected"/> is in <paramref name="actual"/> with the same bytes — the
    /// log, the lock and (ensembles) placement.csv aside, manifests compared without their host fields and scenario.yaml without its header.
    /// </summary>
    public static void SameResults(string expected, string actual)
    {
        var files = Directory.GetFiles(expected, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(expected, f))
            // Plots are images (their SVG ids are not reproducible); their data are series.csv.
            .Where(f => !f.EndsWith(".log", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal) && !f.StartsWith("plots", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "metrics.csv");
        foreach (string file in files)
        {
            string a = Path.Combine(expected, file), b = Path.Combine(actual, file);
            Assert.True(File.Exists(b), file + " is missing");
            if (Path.GetFileName(file) == "manifest.json")
            {
                Assert.Equal(WithoutHostFields(a), WithoutHostFields(b));
            }
            else if (Path.GetFileName(file) == "scenario.yaml")
            {
                // Its comment header names the run id, which carries each batch invocation's own token.
                Assert.Equal(File.ReadLines(a).Where(l => !l.StartsWith('#')), File.ReadLines(b).Where(l => !l.StartsWith('#')));
            }
            else
            {
                Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), file + " differs");
            }
        }
    }

    private static string WithoutHostFields(string manifest)
    {
        var fields = JsonDocument.Parse(File.ReadAllBytes(manifest)).RootElement.EnumerateObject()
            .Where(p => !HostFields.Contains(p.Name))
            .Select(p => p.Name + "=" + p.Value.GetRawText());
        return string.Join("\n", fields);
    }
}
