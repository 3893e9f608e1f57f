using System.Diagnostics;

namespace Tremolo.SpecTests.Robustness;

/// <summary>The sockets this process holds open: /proc/self/fd entries that link to "socket:[inode]".</summary>
public static class OpenSockets
{
    public static int Count()
    {
        int sockets = 0;
        foreach (var fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                    sockets++;
            }
            catch (IOException)
            {
                // closed between the listing and the readlink: not open any more
            }
        }
        return sockets;
    }

    /// <summary>Polls until at most <paramref name="limit"/> sockets are open or <paramref name="timeout"/> passes; returns the last count.</summary>
    public static async Task<int> SettleAtMostAsync(int limit, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        int count;
        while ((count = Count()) > limit && Stopwatch.GetElapsedTime(start) < timeout)
            await Task.Delay(100);
        return count;
    }
}
