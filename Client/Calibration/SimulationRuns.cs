using System.Text.Json;
using OrleansGov.Client.Claims;
using OrleansGov.Client.Experiments;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Results;
using OrleansGov.Scenarios;

namespace OrleansGov.Client.Calibration;

/// <summary>One simulation to run: its folder name under <c>runs/</c>, its scenario and its seed.</summary>
public sealed record SimRun(string Name, Scenario Scenario, ulong Seed);

/// <summary>
/// Runs arbitrary sets of simulations (a pattern check's replicates, an ABC batch of particles, the
/// posterior claims' configurations) through the batch runner, all on one engine session
/// (<see cref="BatchSession"/>, so <c>--cluster</c> spreads them over the silos as it does a batch's):
/// one ordinary results folder per run, streamed to disk, a run whose manifest says completed is never
/// run again (so <c>--resume</c> after an interruption does only the rest, with identical results).
/// </summary>
public sealed class SimulationRuns(BatchSession session)
{
    /// <summary>Why the last set stopped early: <see cref="ExitCodes.Cancelled"/> or <see cref="ExitCodes.ClusterUnavailable"/> (already reported on stderr).</summary>
    public int StopCode { get; private set; } = ExitCodes.Ok;

    /// <summary>
    /// Starts the engine <paramref name="options"/> name, runs <paramref name="body"/> with it and stops it;
    /// the exit code of the body, or of a failed start (reported on stderr).
    /// </summary>
    public static async Task<int> WithSessionAsync(CliContext cli, BatchOptions options, RunLog log, IReadOnlyList<string> commandLine,
        Func<SimulationRuns, Task<int>> body, CancellationToken cancellationToken)
    {
        var (session, exitCode) = await BatchSession.StartAsync(cli, options, log, commandLine, cancellationToken);
        if (session is null)
        {
            return exitCode;
        }
        await using (session)
        {
            return await body(new SimulationRuns(session));
        }
    }

    /// <summary>Runs those of <paramref name="runs"/> not completed in <paramref name="folder"/>; false when cancelled or the cluster was lost (<see cref="StopCode"/>).</summary>
    public async Task<bool> RunAsync(BatchFolder folder, string name, IReadOnlyList<SimRun> runs, bool quiet, CancellationToken cancellationToken)
    {
        var planned = runs.Select(r => (Run: new PlannedRun(r.Name, new PlanArm(r.Name, []), new PlanReplicate(1, r.Seed)), r.Scenario)).ToList();
        var pending = planned.Where(p => !IsDone(folder, p.Run, p.Scenario with { Seed = p.Run.Replicate.Seed })).ToList();
        if (pending.Count == 0)
        {
            return true;
        }
        Directory.CreateDirectory(folder.File(BatchFolder.RunsDir));
        var first = runs[0].Scenario;
        var plan = new BatchPlan(name, "", "", "", "", 0, "", first.Ticks, first.TicksPerYear, [], [.. planned.Select(p => p.Run.Arm)],
            [new PlanReplicate(1, 0)], planned[0].Run.Arm.Id, [], [], []);
        var experiment = new Experiment(plan, planned.ToDictionary(p => p.Run.Arm.Id, p => p.Scenario, StringComparer.Ordinal));
        var (outcome, code) = await session.RunAsync(folder, experiment, [.. pending.Select(p => p.Run)], quiet, cancellationToken);
        StopCode = code != ExitCodes.Ok ? code : outcome.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
        return StopCode == ExitCodes.Ok;
    }

    /// <summary>
    /// A run is done when its folder says completed <em>and</em> its manifest's scenario is the one asked for:
    /// a folder left by another version of the inputs (or of the sampler) is run again, never reused.
    /// </summary>
    public static bool IsDone(BatchFolder folder, PlannedRun run, Scenario expected)
    {
        if (!folder.IsCompleted(run) || folder.ReadManifest(run) is not { } manifest || !manifest.RootElement.TryGetProperty("scenario", out var recorded))
        {
            return false;
        }
        string want = JsonSerializer.SerializeToElement(expected, Manifest.Json).GetRawText();
        return JsonSerializer.Serialize(recorded) == JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(want));
    }

    /// <summary>A completed run reduced to <paramref name="measures"/>; null when the run did not complete.</summary>
    public static double[]? Reduce(BatchFolder folder, string runName, IReadOnlyList<Measure> measures)
    {
        var run = new PlannedRun(runName, new PlanArm(runName, []), new PlanReplicate(1, 0));
        return folder.IsCompleted(run) ? ClaimsAnalysis.ReadRun(Path.Combine(folder.RunPath(run), RunFolder.MetricsFile), measures) : null;
    }
}
