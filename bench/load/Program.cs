// The benchmark load client: one command per load, each bounded in time and count.
// Every load appends its figures to a raw TSV (server, round, load, metric, value) for `report`.
using Tremolo.Bench.Load;

var options = Options.Parse(args);
try
{
    RawWebSocket.OfferDeflate = options.Int("deflate", 0) == 1;
    switch (options.Command)
    {
        case "http":
            await new HttpLoad(options).RunAsync();
            break;
        case "echo":
            await new EchoLoad(options).RunAsync();
            break;
        case "broadcast":
            await new BroadcastLoad(options).RunAsync();
            break;
        case "fairness":
            await new FairnessLoad(options).RunAsync();
            break;
        case "idle":
            await new IdleMemoryLoad(options).RunAsync();
            break;
        case "report":
            Report.Write(options);
            break;
        default:
            Console.Error.WriteLine("usage: tremolo-bench-load http|echo|broadcast|fairness|idle|report --option value ...");
            return 2;
    }
    return 0;
}
catch (Exception e) when (e is LoadFailedException or OperationCanceledException or IOException
                              or System.Net.Sockets.SocketException or ArgumentException or FormatException)
{
    Console.Error.WriteLine($"{options.Command} failed: {e.Message}");
    return 1;
}
