namespace Tremolo.SpecTests.Parity;

/// <summary>Plays a case's steps against 127.0.0.1:port and records every read, then the pending closes.</summary>
public static class CaseReplayer
{
    /// <param name="scale">multiplies every read wait (not sleeps), for a slow machine</param>
    public static async Task<ReplayResult> RunAsync(int port, CorpusCase @case, double scale = 1.0)
    {
        var connections = new SortedDictionary<int, ReplayConnection>();
        var reads = new List<RawRead>();
        try
        {
            foreach (var step in @case.Steps)
            {
                if (!connections.TryGetValue(step.Conn, out var conn) && step is not SleepStep)
                    connections[step.Conn] = conn = await ReplayConnection.OpenAsync(port);
                switch (step)
                {
                    case SendStep send:
                        await conn!.SendAsync(send.Data);
                        break;
                    case WsSendStep ws:
                        await conn!.SendAsync(ws.Frame.ToBytes());
                        break;
                    case ReadStep read:
                        var data = await conn!.ReadAsync(read, scale);
                        reads.Add(new RawRead(read.Conn, data, conn.Eof, Final: false));
                        break;
                    case SleepStep sleep:
                        await Task.Delay(TimeSpan.FromMilliseconds(sleep.Ms));
                        break;
                    case ConnectStep:
                        break;
                }
            }
            bool check = @case.Options.CheckClose;
            if (check)
            {
                foreach (var (n, conn) in connections)
                {
                    if (conn.Eof)
                        continue;
                    var data = await conn.ReadFinalAsync(@case.Options.FinalMs, scale);
                    if (data.Length > 0)
                        reads.Add(new RawRead(n, data, conn.Eof, Final: true));
                }
            }
            return new ReplayResult(
                reads,
                check,
                connections.Values.Select(c => check ? c.Eof : (bool?)null).ToArray(),
                connections.Values.Select(c => c.LocalPort).ToArray());
        }
        finally
        {
            foreach (var conn in connections.Values)
                conn.Dispose();
        }
    }
}
