namespace OrleansGov.Runs;

/// <summary>The life cycle of a run. Only <see cref="Completed"/> means every tick was simulated.</summary>
[GenerateSerializer]
public enum RunStatus : byte
{
    Created = 0,
    Running = 1,
    Paused = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}
