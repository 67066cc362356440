using System.Diagnostics;
using System.Globalization;
using OrleansGov.Client.Logging;
using OrleansGov.Engine;
using OrleansGov.Metrics;
using Spectre.Console;

namespace OrleansGov.Client.Progress;

/// <summary>
/// Shows a run's progress from its per-tick metrics reports (for the Orleans engine these come from
/// the run's metrics stream): a live Spectre progress bar on a terminal, a plain line per simulated
/// year otherwise, nothing with --quiet. (The rows themselves go to the results folder first: <see cref="Results.RunWriter"/>.)
/// </summary>
public sealed class RunProgress : IProgress<TickMetrics>
{
    private readonly CliContext _cli;
    private readonly int _ticksPerYear;
    private readonly bool _plain;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ProgressTask? _bar;
    private bool _live;

    private RunProgress(CliContext cli, int ticksPerYear, bool plain)
    {
        _cli = cli;
        _ticksPerYear = Math.Max(1, ticksPerYear);
        _plain = plain;
    }

    /// <summary>A display for a run of <paramref name="ticksPerYear"/>-tick years, suited to the console and options.</summary>
    public static RunProgress For(CliContext cli, bool quiet, int ticksPerYear)
    {
        bool live = !quiet && cli.Out.Profile.Capabilities.Interactive && cli.Out.Profile.Capabilities.Ansi;
        return new RunProgress(cli, ticksPerYear, plain: !quiet && !live) { _live = live };
    }

    /// <summary>Runs <paramref name="run"/> (which reports to this) while showing its progress.</summary>
    public async Task<RunOutcome> ShowAsync(RunLog log, int totalTicks, Func<IProgress<TickMetrics>, Task<RunOutcome>> run)
    {
        if (!_live)
        {
            return await run(this);
        }
        log.Echo(false);
        try
        {
            return await _cli.Out.Progress()
                .AutoClear(false)
                .Columns(
                    new TaskDescriptionColumn { Alignment = Justify.Left },
                    new ProgressBarColumn(),
                    new PercentageColumn(),
                    new ElapsedTimeColumn(),
                    new RemainingTimeColumn(),
                    new SpinnerColumn())
                .StartAsync(async context =>
                {
                    _bar = context.AddTask(Describe(0, totalTicks, double.NaN), maxValue: totalTicks);
                    var result = await run(this);
                    _bar.StopTask();
                    return result;
                });
        }
        finally
        {
            int held = log.Echo(true);
            if (held > 0)
            {
                _cli.Error.WriteLine($"({held} error(s) logged during the run; see run.log in the results folder)");
            }
        }
    }

    public void Report(TickMetrics value)
    {
        int done = value.Tick + 1;
        double adoption = value.Rows.FirstOrDefault(r => r.Scope == MetricsRows.NationScope)?.CloudAdoption ?? double.NaN;
        if (_bar is not null)
        {
            _bar.Value = done;
            _bar.Description = Describe(done, value.TotalTicks, adoption);
        }
        else if (_plain && (done % _ticksPerYear == 0 || done == value.TotalTicks))
        {
            _cli.Line(string.Format(CultureInfo.InvariantCulture, "tick {0}/{1} ({2:0}%)  nation cloud adoption {3}  elapsed {4:hh\\:mm\\:ss}",
                done, value.TotalTicks, 100.0 * done / Math.Max(1, value.TotalTicks), FormatShare(adoption), _clock.Elapsed));
        }
        _cli.AfterTick?.Invoke(value);
    }

    private static string Describe(int done, int total, double adoption) =>
        Markup.Escape(string.Format(CultureInfo.InvariantCulture, "tick {0}/{1}  nation cloud adoption {2}", done, total, FormatShare(adoption)));

    private static string FormatShare(double share) =>
        double.IsNaN(share) ? "n/a" : share.ToString("P1", CultureInfo.InvariantCulture);
}
