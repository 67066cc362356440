namespace OrleansGov.Client;

/// <summary>The process exit codes of <c>orleansgov</c>, as documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>Success: the run completed, the scenario is valid.</summary>
    public const int Ok = 0;
    /// <summary>The run failed (manifest status <c>failed</c>), or an unexpected error.</summary>
    public const int Failed = 1;
    /// <summary>Bad input: invalid scenario, unknown preset, bad option. Nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>The cluster given by <c>--cluster</c> could not be reached (or the embedded silo did not start). Nothing was written.</summary>
    public const int ClusterUnavailable = 3;
    /// <summary><c>patterns --strict</c> only: the check ran and at least one pattern does not hold.</summary>
    public const int PatternsDoNotHold = 4;
    /// <summary>The run was cancelled (Ctrl-C, SIGTERM); manifest status <c>cancelled</c>.</summary>
    public const int Cancelled = 130;
}
