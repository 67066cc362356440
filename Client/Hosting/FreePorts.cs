using System.Net;
using System.Net.Sockets;

namespace OrleansGov.Client.Hosting;

/// <summary>Asks the OS for unused TCP ports, so concurrent runs (and tests) never collide on fixed ones.</summary>
internal static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct ports that were free a moment ago on 127.0.0.1.</summary>
    public static int[] Take(int count)
    {
        // Hold every listener until all are chosen, so the OS cannot hand out the same port twice.
        var listeners = new List<TcpListener>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
