namespace OrleansGov.Model;

/// <summary>
/// A small, fast, explicitly seeded random stream (SplitMix64). Every agent gets a fresh stream per
/// tick derived from (run seed, agent id, tick), so the draws an agent makes never depend on which
/// silo or thread runs it or on what other agents drew (determinism contract, ARCHITECTURE §3).
/// </summary>
public struct Rng
{
    private ulong _state;

    public Rng(ulong seed, ulong stream, int tick)
    {
        _state = Mix(seed ^ Mix(stream + 0x9E3779B97F4A7C15UL) ^ Mix(((ulong)(uint)tick << 1) + 0xD1B54A32D192ED03UL));
    }

    /// <summary>
    /// Plain SplitMix64 from state <paramref name="state"/> (its outputs are Vigna's splitmix64.c's):
    /// for designs outside the model — experiment replicate seeds, Latin hypercubes — so the project
    /// has one SplitMix64.
    /// </summary>
    public static Rng FromState(ulong state) => new() { _state = state };

    /// <summary>A stable 64-bit hash of a string, for seeding streams from names.</summary>
    public static ulong Hash(string text)
    {
        ulong h = 0xCBF29CE484222325UL; // FNV-1a
        foreach (char ch in text)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }
        return Mix(h);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        return (int)((NextUInt64() >> 33) % (ulong)n);
    }

    /// <summary>True with probability p (p ≤ 0 never, p ≥ 1 always).</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();
}
