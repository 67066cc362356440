using OrleansGov.Model;

namespace OrleansGov.Agents;

/// <summary>
/// Short envelope arrays, recycled: the mail boxes a government hands its leaves and children, and the
/// outgoing mail a leaf hands back. Each lived for one grain call (~80 B per agent-tick between them,
/// docs/PERFORMANCE.md, round 10). A box goes back once its receiver has answered (it copied the mail
/// in its turn); an outgoing array once its government has sorted it.
/// </summary>
/// <remarks>
/// As with <see cref="Metrics.TallyPool"/>: one stack per length per thread, no lock; only the grain
/// that holds the last reference returns an array (a step's input or output that crossed silos is a
/// copy, so the receiver returns the copy). Arrays longer than <see cref="MaxLength"/> are not kept.
/// </remarks>
internal static class EnvelopeArrays
{
    public const int MaxLength = 8;
    private const int PerLength = 32;

    [ThreadStatic] private static Envelope[][][]? t_stacks;
    [ThreadStatic] private static int[]? t_counts;

    /// <summary>An array of exactly <paramref name="length"/> envelopes (empty slots), recycled when one is at hand.</summary>
    public static Envelope[] Rent(int length)
    {
        if (length == 0)
        {
            return [];
        }
        if (length <= MaxLength && t_counts is { } counts && counts[length] > 0)
        {
            var stack = t_stacks![length];
            var array = stack[--counts[length]];
            stack[counts[length]] = null!;
            return array;
        }
        return new Envelope[length];
    }

    /// <summary>A recycled copy of <paramref name="mail"/>.</summary>
    public static Envelope[] Copy(List<Envelope> mail)
    {
        var array = Rent(mail.Count);
        mail.CopyTo(array);
        return array;
    }

    /// <summary>Clears <paramref name="array"/> and keeps it; the caller must hold the last reference to it.</summary>
    public static void Return(Envelope[] array)
    {
        int length = array.Length;
        if (length == 0 || length > MaxLength)
        {
            return;
        }
        var counts = t_counts ??= new int[MaxLength + 1];
        var stacks = t_stacks ??= new Envelope[MaxLength + 1][][];
        var stack = stacks[length] ??= new Envelope[PerLength][];
        if (counts[length] < stack.Length)
        {
            Array.Clear(array);
            stack[counts[length]++] = array;
        }
    }
}
