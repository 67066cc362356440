using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using OrleansGov.Client.Hosting;
using OrleansGov.Client.Logging;
using OrleansGov.Client.Watch;
using OrleansGov.Engine;
using OrleansGov.Grains;
using OrleansGov.Hosting;
using OrleansGov.Metrics;
using OrleansGov.Runs;
using Serilog;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OrleansGov.Client.Commands;

/// <summary>
/// <c>orleansgov watch &lt;run-id&gt;</c>: follows a run on a cluster from its Orleans metrics stream (the
/// same stream the dashboard reads) until it ends. Exit code: 0 completed, 1 failed, 130 cancelled (the
/// run, or Ctrl-C here, which stops watching, not the run), 2 unknown run, 3 cluster unreachable.
/// </summary>
public sealed class WatchCommand(CliContext cli) : AsyncCommand<WatchSettings>
{
    private static readonly TimeSpan StatusPoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(120);

    public override async Task<int> ExecuteAsync(CommandContext context, WatchSettings settings, CancellationToken cancellationToken)
    {
        using var log = new RunLog(cli.Error);
        IHost host;
        try
        {
            host = await ConnectAsync(settings.Cluster, log.Logger, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Cancelled;
        }
        catch (ClusterUnavailableException ex)
        {
            cli.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.ClusterUnavailable;
        }
        catch (Exception ex)
        {
            cli.Error.WriteLine($"error: cannot reach the cluster at {settings.Cluster}: {ex.Message}");
            return ExitCodes.ClusterUnavailable;
        }
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            return await WatchAsync(client, settings.RunId, cancellationToken);
        }
        finally
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (Exception)
            {
                // Best effort.
            }
            host.Dispose();
        }
    }

    private async Task<int> WatchAsync(IClusterClient client, string runId, CancellationToken cancellationToken)
    {
        var coordinator = client.GetGrain<IRunCoordinatorGrain>(runId);
        if (await coordinator.GetScenarioAsync() is null)
        {
            cli.Error.WriteLine($"error: no run '{runId}' on this cluster");
            return ExitCodes.BadInput;
        }
        var channel = Channel.CreateUnbounded<TickMetrics>();
        var stream = OrleansMetricsStream.Of(client.GetStreamProvider(GrainKeys.MetricsProvider), runId);
        var subscription = await stream.SubscribeAsync((m, _) =>
        {
            channel.Writer.TryWrite(m);
            return Task.CompletedTask;
        });
        var view = new WatchView(runId) { Info = await coordinator.GetStatusAsync() };
        try
        {
            bool live = cli.Out.Profile.Capabilities.Interactive;
            if (live)
            {
                await cli.Out.Live(view.Render()).StartAsync(async display =>
                    await FollowAsync(coordinator, channel.Reader, view, () => display.UpdateTarget(view.Render()), cancellationToken));
            }
            else
            {
                await FollowAsync(coordinator, channel.Reader, view, () => cli.Line(view.Line()), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            cli.Error.WriteLine("stopped watching (the run goes on)");
            return ExitCodes.Cancelled;
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
        cli.Line(view.Headline());
        return view.Info!.Status switch
        {
            RunStatus.Completed => ExitCodes.Ok,
            RunStatus.Cancelled => ExitCodes.Cancelled,
            _ => ExitCodes.Failed,
        };
    }

    /// <summary>Shows stored ticks, then live ones (gaps filled from the stored rows), until the run ends.</summary>
    private static async Task FollowAsync(IRunCoordinatorGrain coordinator, ChannelReader<TickMetrics> live, WatchView view, Action refresh, CancellationToken cancellationToken)
    {
        int next = 0;
        async Task CatchUpAsync(int until)
        {
            foreach (var tick in (await coordinator.GetMetricsAsync(next)).Where(r => r.Tick < until).GroupBy(r => r.Tick))
            {
                view.Add(tick.ToArray());
                next = tick.Key + 1;
                refresh();
            }
        }
        await CatchUpAsync(int.MaxValue);
        DateTime? unreachableSince = null;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(StatusPoll);
            try
            {
                var metrics = await live.ReadAsync(wait.Token);
                if (metrics.Tick < next)
                {
                    continue;
                }
                await CatchUpAsync(metrics.Tick);
                view.Add(metrics.Rows);
                next = metrics.Tick + 1;
                view.Info = view.Info! with { TicksDone = next };
                refresh();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                RunInfo info;
                try
                {
                    info = await coordinator.GetStatusAsync().WaitAsync(StatusPoll * 20, cancellationToken);
                    unreachableSince = null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The coordinator's silo may have just been lost: the next poll brings it back on a survivor.
                    unreachableSince ??= DateTime.UtcNow;
                    if (DateTime.UtcNow - unreachableSince < UnreachableLimit)
                    {
                        continue;
                    }
                    view.Info = view.Info! with { Status = RunStatus.Failed, Error = $"the run's coordinator has been unreachable for {UnreachableLimit.TotalSeconds:0} s: {ex.Message}" };
                    refresh();
                    return;
                }
                if (info.Status == RunStatus.Created)
                {
                    view.Info = view.Info! with { Status = RunStatus.Failed, Error = "the run's coordinator was lost with its silo and the cluster's checkpoint store does not know the run" };
                    refresh();
                    return;
                }
                bool changed = info.Status != view.Info!.Status;
                view.Info = info;
                if (info.IsFinished)
                {
                    await CatchUpAsync(int.MaxValue);
                    refresh();
                    return;
                }
                if (changed)
                {
                    refresh();
                }
            }
        }
    }

    private static Task<IHost> ConnectAsync(string cluster, Serilog.ILogger logger, CancellationToken cancellationToken) =>
        ClusterConnection.ConnectAsync(cluster, logger, null, cancellationToken);
}
