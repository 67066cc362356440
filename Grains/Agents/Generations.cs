using OrleansGov.Grains;
using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// The fence between generations of a run: each restart of its tick loop from a checkpoint gets a new
/// generation (from the checkpoint store), and a grain serves only its own generation, so a superseded
/// loop (a coordinator activation that outlived its silo's shutdown) cannot step a restored run.
/// </summary>
internal static class Generations
{
    /// <summary>A step or capture must be of the generation the grain was started or restored in.</summary>
    public static void Check(long mine, long asked, AgentId id)
    {
        if (asked == mine)
        {
            return;
        }
        if (asked < mine)
        {
            throw new StaleGenerationException($"{id} serves generation {mine} of its run; a call of generation {asked} comes from a superseded tick loop.");
        }
        throw new RunStateLostException($"{id} is at generation {mine} of its run but was asked for generation {asked}: it missed a restore.");
    }

    /// <summary>A restore may only move a grain forward.</summary>
    public static void CheckRestore(long mine, long asked, AgentId id)
    {
        if (asked < mine)
        {
            throw new StaleGenerationException($"{id} serves generation {mine} of its run; a restore of generation {asked} comes from a superseded tick loop.");
        }
    }
}
