namespace Tremolo.Config.Model;

/// <summary>
/// Tremolo's app.run() options, with Tremolo's names (snake_case in YAML, TREMOLO_NAME in
/// the environment, --kebab-case on the command line) and documented defaults.
/// Durations are seconds.
/// </summary>
public sealed record ServerOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8000;

    /// <summary>--bind: extra addresses replacing host/port when given.</summary>
    public IReadOnlyList<BindAddress> Bind { get; init; } = [];
    public bool ReusePort { get; init; } = true;

    /// <summary>
    /// worker_num: 0 serves in this process (the default here: one .NET process uses every core);
    /// N starts N supervised worker processes (Tremolo's default is 1); -1 one per CPU.
    /// </summary>
    public int WorkerNum { get; init; }

    /// <summary>How many worker processes worker_num asks for: 0 = none, the process serves itself.</summary>
    public int WorkerProcesses => WorkerNum < 0 ? Environment.ProcessorCount : WorkerNum;
    public int ThreadPoolSize { get; init; } = 5;
    public long LimitMemory { get; init; }
    public int Backlog { get; init; } = 100;
    public SslOptions? Ssl { get; init; }
    public bool Debug { get; init; }
    public bool Reload { get; init; }
    public bool Ws { get; init; } = true;
    public long WsMaxPayloadSize { get; init; } = 2 * 1048576;

    /// <summary>permessage-deflate (RFC 7692) for every websocket route that does not say otherwise; off like Node ws and Kestrel.</summary>
    public WebSocketCompression WsCompression { get; init; } = WebSocketCompression.Off;

    /// <summary>HTTP Content-Encoding codings offered, in the server's preference order; empty = off (Caddy's `encode`).</summary>
    public IReadOnlyList<string> Encode { get; init; } = [];

    /// <summary>Bodies shorter than this are sent as they are even when encode is on.</summary>
    public int EncodeMinLength { get; init; } = 512;
    public string LogLevel { get; init; } = "INFO";
    public string LogFmt { get; init; } = "";

    /// <summary>log_format: "text" (log_fmt lines) or "json" (one object per line).</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>access_log: <see cref="AccessLogOff"/>, <see cref="AccessLogStderr"/> or a file's full path.</summary>
    public string AccessLog { get; init; } = AccessLogOff;
    public long DownloadRate { get; init; } = 1048576;
    public long UploadRate { get; init; } = 1048576;
    public int BufferSize { get; init; } = 16384;
    public long ClientMaxBodySize { get; init; } = 2 * 1048576;
    public int ClientMaxHeaderSize { get; init; } = 8192;
    public int MaxQueueSize { get; init; } = 128;
    public double RequestTimeout { get; init; } = 30;
    public double KeepaliveTimeout { get; init; } = 30;
    public int KeepaliveConnections { get; init; } = 512;

    /// <summary>max_connections: connections one listener serves at once; beyond, a new one is refused. 0 = unlimited.</summary>
    public int MaxConnections { get; init; }

    /// <summary>max_connections_per_ip: as <see cref="MaxConnections"/>, for each peer address. 0 = unlimited.</summary>
    public int MaxConnectionsPerIp { get; init; }
    public double AppHandlerTimeout { get; init; } = 120;
    public double AppCloseTimeout { get; init; } = 30;
    public double ShutdownTimeout { get; init; } = 30;
    public string ServerName { get; init; } = "Tremolo";
    public TrustedPeers ForwardedAllowIps { get; init; } = TrustedPeers.Loopback;

    /// <summary>broker: where channels meet across processes (redis://, rediss://, unix://); null keeps them in-process.</summary>
    public string? Broker { get; init; }

    /// <summary>broker_prefix: namespace of the broker's keys and pub/sub channels.</summary>
    public string BrokerPrefix { get; init; } = "tremolo:";

    public const string AccessLogOff = "";
    public const string AccessLogStderr = "-";
}

/// <summary>ssl: {cert, key, password} (paths resolved against the YAML's folder).</summary>
public sealed record SslOptions(string Cert, string? Key, string? Password);

/// <summary>A listen address: host:port, or a unix socket path.</summary>
public sealed record BindAddress(string? Host, int Port, string? UnixPath)
{
    public override string ToString() => UnixPath ?? $"{Host}:{Port}";
}
