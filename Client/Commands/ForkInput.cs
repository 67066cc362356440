using System.Globalization;
using System.Text.Json;
using OrleansGov.Checkpoints;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Commands;

/// <summary>
/// <c>run --from RUN-FOLDER --at-tick T</c>: the checkpoint that run exported at T, and the fork's
/// scenario — the source's (or the one given), its timeline before T kept, events from T on replaced by
/// <c>--timeline</c>'s. Every way it can be wrong is one message and exit code 2, before anything runs.
/// </summary>
internal static class ForkInput
{
    public static (Scenario Scenario, RunCheckpoint Checkpoint)? TryLoad(RunSettings settings, out string? error)
    {
        string from = settings.From!;
        int tick = settings.AtTick!.Value;
        string manifestPath = Path.Combine(from, RunFolder.ManifestFile);
        if (!File.Exists(manifestPath))
        {
            error = $"--from {from}: no {RunFolder.ManifestFile} there (not a results folder of `orleansgov run`)";
            return null;
        }
        string folder = Path.Combine(from, Checkpoint.FolderName);
        var available = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "tick-*.ogck").Select(TickOf).Where(t => t > 0).Order().ToArray()
            : [];
        if (!available.Contains(tick))
        {
            error = available.Length == 0
                ? $"--at-tick {tick}: {from} has no exported checkpoints (run it with --checkpoint-every K --export-checkpoints)"
                : $"--at-tick {tick}: {from} has checkpoints at ticks {string.Join(", ", available)} only";
            return null;
        }

        RunCheckpoint checkpoint;
        Scenario scenario;
        try
        {
            using (var stream = File.OpenRead(Path.Combine(folder, Checkpoint.FileName(tick))))
            {
                checkpoint = Checkpoint.ReadFile(stream);
            }
            scenario = settings.Scenario.Length > 0
                ? ScenarioLoader.Load(settings.Scenario)
                : JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(manifestPath), Manifest.Json)?.Scenario
                    ?? throw new InvalidDataException("the manifest has no scenario");
            if (settings.Ticks is { } ticks)
            {
                scenario = scenario with { Ticks = ticks, Timeline = scenario.Timeline.Where(e => e.Tick < ticks).ToArray() };
            }
            if (settings.Timeline is { } timelineFile)
            {
                var events = ScenarioLoader.LoadTimeline(timelineFile, scenario);
                if (events.FirstOrDefault(e => e.Tick < tick) is { } early)
                {
                    error = $"{timelineFile}: the event at tick {early.Tick} ({early.Kind}) is before the fork's tick {tick}; a fork changes only what happens from --at-tick on";
                    return null;
                }
                scenario = scenario with { Timeline = [.. scenario.Timeline.Where(e => e.Tick < tick), .. events] };
            }
        }
        catch (ScenarioException ex)
        {
            error = ex.Message;
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException or UnauthorizedAccessException)
        {
            error = $"--from {from} --at-tick {tick}: {ex.Message}";
            return null;
        }
        if (Checkpoint.Mismatch(checkpoint.Meta, scenario) is { } mismatch)
        {
            error = $"--from {from} --at-tick {tick}: the checkpoint cannot continue this scenario: {mismatch}";
            return null;
        }
        error = null;
        return (scenario, checkpoint);
    }

    private static int TickOf(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return int.TryParse(name.AsSpan("tick-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int tick) ? tick : -1;
    }
}
