namespace OrleansGov.Engine;

/// <summary>
/// Which failures of a tick a run can recover from (a lost or stopping silo: its grains' state is gone,
/// calls to it fail or time out) and which it cannot (a rule that throws would throw again after a
/// rollback, so it fails the run at once with its message).
/// </summary>
internal static class Recovery
{
    /// <summary>Recoveries in a row, without a tick completed in between, before the run gives up.</summary>
    public const int MaxConsecutive = 8;

    private static readonly HashSet<string> SiloLoss = new(StringComparer.Ordinal)
    {
        "SiloUnavailableException",
        "OrleansMessageRejectionException",
        "ConnectionFailedException",
        "ConnectionAbortedException",
        "GatewayTooBusyException",
        "TimeoutException",
        "RunStateLostException",
    };

    public static bool IsSiloLoss(Exception exception) => Chain(exception).Any(e => SiloLoss.Contains(e.GetType().Name));

    /// <summary>A newer generation of the run has taken over: this loop must stop without touching the run.</summary>
    public static bool IsSuperseded(Exception exception) => Chain(exception).Any(e => e.GetType().Name == "StaleGenerationException");

    /// <summary>Waits longer after each failure in a row: membership needs a few seconds to declare a silo dead.</summary>
    public static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(8000, 500 * (1 << Math.Min(failures - 1, 5))));

    /// <summary>The innermost useful message, for the manifest and logs.</summary>
    public static string Describe(Exception exception)
    {
        var e = Chain(exception).FirstOrDefault(x => SiloLoss.Contains(x.GetType().Name)) ?? exception;
        string text = $"{e.GetType().Name}: {e.Message}";
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
