namespace Tremolo.Server.Hosting.Workers;

/// <summary>
/// A worker's side of the supervisor's orders, one line each on its stdin: `stop` drains (as
/// a first SIGTERM does), `exit` ends the process at once (a second signal to the supervisor),
/// `reload` loads the config again (SIGHUP to the supervisor). The end of stdin means the
/// supervisor is gone: the worker drains and exits rather than serve unsupervised.
/// </summary>
internal static class WorkerControl
{
    public const string Stop = "stop";
    public const string Exit = "exit";
    public const string Reload = "reload";

    /// <summary>Exit status of a worker told to exit at once, as for SIGTERM.</summary>
    public const int ExitedAtOnce = 143;

    /// <summary>Reads orders on a thread of its own (a blocking read must not hold a pool thread).</summary>
    public static void Listen(TextReader input, Action stop, Action reload)
    {
        var reader = new Thread(() =>
        {
            while (input.ReadLine() is { } line)
            {
                switch (line.Trim())
                {
                    case Stop:
                        stop();
                        break;
                    case Exit:
                        Environment.Exit(ExitedAtOnce);
                        break;
                    case Reload:
                        reload();
                        break;
                }
            }

            stop();
        })
        { IsBackground = true, Name = "tremolo worker control" };
        reader.Start();
    }
}
