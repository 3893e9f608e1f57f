using Tremolo.Config.Model;

namespace Tremolo.Config.Options;

/// <summary>Every server option, with Tremolo's names. ssl is split into ssl_cert/ssl_key/ssl_password.</summary>
public static class OptionCatalog
{
    public static readonly IReadOnlyList<OptionSpec> All =
    [
        new("host", OptionKind.Text, "--host", (o, v) => o with { Host = (string)v }),
        new("port", OptionKind.Port, "--port", (o, v) => o with { Port = (int)v }),
        new("bind", OptionKind.Bind, "--bind", (o, v) => o with { Bind = (List<BindAddress>)v }),
        new("reuse_port", OptionKind.Boolean, null, (o, v) => o with { ReusePort = (bool)v }),
        new("worker_num", OptionKind.WorkerCount, "--worker-num", (o, v) => o with { WorkerNum = (int)v }),
        new("thread_pool_size", OptionKind.Count, "--thread-pool-size", (o, v) => o with { ThreadPoolSize = (int)v }),
        new("limit_memory", OptionKind.Size, "--limit-memory", (o, v) => o with { LimitMemory = (long)v }),
        new("backlog", OptionKind.CountOrZero, "--backlog", (o, v) => o with { Backlog = (int)v }),
        new("ssl_cert", OptionKind.ExistingFile, "--ssl-cert", (o, v) => o with { Ssl = new SslOptions((string)v, o.Ssl?.Key, o.Ssl?.Password) }),
        new("ssl_key", OptionKind.ExistingFile, "--ssl-key", (o, v) => o with { Ssl = new SslOptions(o.Ssl?.Cert ?? "", (string)v, o.Ssl?.Password) }),
        new("ssl_password", OptionKind.Text, null, (o, v) => o with { Ssl = new SslOptions(o.Ssl?.Cert ?? "", o.Ssl?.Key, (string)v) }),
        new("debug", OptionKind.Boolean, "--debug", (o, v) => o with { Debug = (bool)v }),
        new("reload", OptionKind.Boolean, "--reload", (o, v) => o with { Reload = (bool)v }),
        new("ws", OptionKind.Boolean, "--no-ws", (o, v) => o with { Ws = (bool)v }),
        new("ws_max_payload_size", OptionKind.Size, "--ws-max-payload-size", (o, v) => o with { WsMaxPayloadSize = (long)v }),
        new("ws_compression", OptionKind.Compression, "--ws-compression", (o, v) => o with { WsCompression = (WebSocketCompression)v }),
        new("encode", OptionKind.Encodings, "--encode", (o, v) => o with { Encode = (IReadOnlyList<string>)v }),
        new("encode_min_length", OptionKind.CountOrZero, "--encode-min-length", (o, v) => o with { EncodeMinLength = (int)v }),
        new("log_level", OptionKind.LogLevel, "--log-level", (o, v) => o with { LogLevel = (string)v }),
        new("log_fmt", OptionKind.Text, "--log-fmt", (o, v) => o with { LogFmt = (string)v }),
        new("log_format", OptionKind.LogFormat, "--log-format", (o, v) => o with { LogFormat = (string)v }),
        new("access_log", OptionKind.LogDestination, "--access-log", (o, v) => o with { AccessLog = (string)v }),
        new("download_rate", OptionKind.Rate, "--download-rate", (o, v) => o with { DownloadRate = (long)v }),
        new("upload_rate", OptionKind.Rate, "--upload-rate", (o, v) => o with { UploadRate = (long)v }),
        new("buffer_size", OptionKind.Count, "--buffer-size", (o, v) => o with { BufferSize = (int)v }),
        new("client_max_body_size", OptionKind.Size, "--client-max-body-size", (o, v) => o with { ClientMaxBodySize = (long)v }),
        new("client_max_header_size", OptionKind.Count, "--client-max-header-size", (o, v) => o with { ClientMaxHeaderSize = (int)v }),
        new("max_queue_size", OptionKind.Count, "--max-queue-size", (o, v) => o with { MaxQueueSize = (int)v }),
        new("request_timeout", OptionKind.Seconds, "--request-timeout", (o, v) => o with { RequestTimeout = (double)v }),
        new("keepalive_timeout", OptionKind.Seconds, "--keepalive-timeout", (o, v) => o with { KeepaliveTimeout = (double)v }),
        new("keepalive_connections", OptionKind.CountOrZero, "--keepalive-connections", (o, v) => o with { KeepaliveConnections = (int)v }),
        new("max_connections", OptionKind.CountOrZero, "--max-connections", (o, v) => o with { MaxConnections = (int)v }),
        new("max_connections_per_ip", OptionKind.CountOrZero, "--max-connections-per-ip", (o, v) => o with { MaxConnectionsPerIp = (int)v }),
        new("app_handler_timeout", OptionKind.Seconds, "--app-handler-timeout", (o, v) => o with { AppHandlerTimeout = (double)v }),
        new("app_close_timeout", OptionKind.Seconds, "--app-close-timeout", (o, v) => o with { AppCloseTimeout = (double)v }),
        new("shutdown_timeout", OptionKind.Seconds, "--shutdown-timeout", (o, v) => o with { ShutdownTimeout = (double)v }),
        new("server_name", OptionKind.Text, "--server-name", (o, v) => o with { ServerName = (string)v }),
        new("forwarded_allow_ips", OptionKind.Peers, "--forwarded-allow-ips", (o, v) => o with { ForwardedAllowIps = (TrustedPeers)v }),
        new("broker", OptionKind.BrokerUrl, "--broker", (o, v) => o with { Broker = (string)v }),
        new("broker_prefix", OptionKind.Text, "--broker-prefix", (o, v) => o with { BrokerPrefix = (string)v }),
    ];

    /// <summary>Flags that take no value, and the option value each one sets.</summary>
    public static readonly IReadOnlyDictionary<string, (string Option, string Value)> Switches =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["--debug"] = ("debug", "true"),
            ["--reload"] = ("reload", "true"),
            ["--no-ws"] = ("ws", "false"),
        };

    private static readonly Dictionary<string, OptionSpec> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, OptionSpec> ByFlag =
        All.Where(o => o.Flag is not null).ToDictionary(o => o.Flag!, StringComparer.Ordinal);

    public static OptionSpec? Named(string name) => ByName.GetValueOrDefault(name);

    public static OptionSpec? ForFlag(string flag) => ByFlag.GetValueOrDefault(flag);

    public static IEnumerable<string> Flags => ByFlag.Keys;
}
