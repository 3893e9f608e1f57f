using System.Globalization;
using Tremolo.Config.Model;

namespace Tremolo.Config.Options;

/// <summary>
/// How one kind of option value is read from text (a YAML scalar, an environment variable
/// or a CLI flag), so every source gives the same value and the same message.
/// </summary>
public abstract class OptionKind
{
    public static readonly OptionKind Text = new TextKind();
    public static readonly OptionKind Port = new IntegerKind("a port", 0, 65535, "0-65535");
    public static readonly OptionKind Boolean = new BooleanKind();
    public static readonly OptionKind Count = new IntegerKind("a count", 1, int.MaxValue, "a whole number, 1 or more");
    public static readonly OptionKind CountOrZero = new IntegerKind("a count", 0, int.MaxValue, "a whole number, 0 or more");
    public static readonly OptionKind WorkerCount = new IntegerKind("a worker count", -1, int.MaxValue, "-1 for one per CPU, 0 for one process, or a number of worker processes");
    public static readonly OptionKind Size = new SizeKind("a size", 0, "bytes, 0 or more");
    public static readonly OptionKind Rate = new SizeKind("a rate", 1, "bytes per second, 1 or more");
    public static readonly OptionKind Seconds = new SecondsKind();
    public static readonly OptionKind LogLevel = new LogLevelKind();
    public static readonly OptionKind ExistingFile = new ExistingFileKind();
    public static readonly OptionKind Bind = new BindKind();
    public static readonly OptionKind BrokerUrl = new BrokerUrlKind();
    public static readonly OptionKind LogDestination = new LogDestinationKind();
    public static readonly OptionKind LogFormat = new ChoiceKind("a log format", "text", "json");
    public static readonly OptionKind Compression = new CompressionKind();
    public static readonly OptionKind Peers = new PeersKind();
    public static readonly OptionKind Encodings = new EncodingsKind();

    /// <summary>The Content-Encoding codings `encode` may name, lower case.</summary>
    public static readonly IReadOnlyList<string> KnownEncodings = ["br", "gzip"];

    /// <summary>Parses <paramref name="raw"/>; relative paths are against <paramref name="baseDirectory"/>.</summary>
    public abstract bool TryParse(string raw, string baseDirectory, out object value, out string error);

    /// <summary>The canonical text of a parsed value: parsing it again gives the same value.</summary>
    public virtual string Format(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;

    private static string Quote(string raw) => $"'{raw}'";

    private sealed class TextKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            value = raw;
            error = "";
            return true;
        }
    }

    private sealed class IntegerKind(string noun, int min, int max, string hint) : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            if (int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) &&
                number >= min && number <= max)
            {
                value = number;
                error = "";
                return true;
            }

            value = 0;
            error = noun == "a port" ? $"{Quote(raw)} is not a port" : $"{Quote(raw)} is not {noun} (expected {hint})";
            return false;
        }
    }

    private sealed class SizeKind(string noun, long min, string hint) : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            if (long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min)
            {
                value = number;
                error = "";
                return true;
            }

            value = 0L;
            error = $"{Quote(raw)} is not {noun} (expected {hint})";
            return false;
        }
    }

    private sealed class SecondsKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            if (double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
                double.IsFinite(number) && number >= 0)
            {
                value = number;
                error = "";
                return true;
            }

            value = 0.0;
            error = $"{Quote(raw)} is not a duration (expected seconds, 0 or more)";
            return false;
        }

        public override string Format(object value) => ((double)value).ToString("R", CultureInfo.InvariantCulture);
    }

    private sealed class BooleanKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            error = "";
            switch (raw.Trim().ToLowerInvariant())
            {
                case "true" or "yes" or "on" or "1":
                    value = true;
                    return true;
                case "false" or "no" or "off" or "0":
                    value = false;
                    return true;
                default:
                    value = false;
                    error = $"{Quote(raw)} is not a boolean (expected true or false)";
                    return false;
            }
        }

        public override string Format(object value) => (bool)value ? "true" : "false";
    }

    /// <summary>permessage-deflate: a boolean (true = the shared compressor) or "dedicated".</summary>
    private sealed class CompressionKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            error = "";
            if (raw.Trim().Equals("dedicated", StringComparison.OrdinalIgnoreCase))
            {
                value = WebSocketCompression.Dedicated;
                return true;
            }

            if (Boolean.TryParse(raw, baseDirectory, out var flag, out _))
            {
                value = (bool)flag ? WebSocketCompression.Shared : WebSocketCompression.Off;
                return true;
            }

            value = WebSocketCompression.Off;
            error = $"{Quote(raw)} is not a compression setting (expected true, false or dedicated)";
            return false;
        }

        public override string Format(object value) => (WebSocketCompression)value switch
        {
            WebSocketCompression.Shared => "true",
            WebSocketCompression.Dedicated => "dedicated",
            _ => "false",
        };
    }

    /// <summary>encode: comma-separated codings (br, gzip) in preference order; empty or false = off.</summary>
    private sealed class EncodingsKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            var codings = new List<string>();
            value = codings;
            error = "";
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("off", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (var part in trimmed.Split(',', StringSplitOptions.TrimEntries))
            {
                var coding = part.ToLowerInvariant();
                if (!KnownEncodings.Contains(coding))
                {
                    error = $"{Quote(raw)} is not a list of encodings (expected br and/or gzip; '{part}' is unknown)";
                    return false;
                }

                if (!codings.Contains(coding))
                {
                    codings.Add(coding);
                }
            }

            return true;
        }

        public override string Format(object value) => string.Join(',', (IEnumerable<string>)value);
    }

    private sealed class LogLevelKind : OptionKind
    {
        // Python's logging level names (WARN and FATAL are its aliases).
        private static readonly string[] Levels = ["CRITICAL", "FATAL", "ERROR", "WARNING", "WARN", "INFO", "DEBUG", "NOTSET"];

        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            var upper = raw.Trim().ToUpperInvariant();
            value = upper;
            error = "";
            if (Levels.Contains(upper))
            {
                return true;
            }

            error = $"{Quote(raw)} is not a log level (expected DEBUG, INFO, WARNING, ERROR or CRITICAL)";
            return false;
        }
    }

    private sealed class ExistingFileKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            var full = Path.GetFullPath(Path.Combine(baseDirectory, raw));
            value = full;
            error = "";
            if (raw.Length > 0 && File.Exists(full))
            {
                if (Loading.RegularFile.Problem(full, Loading.ConfigLimits.MaxFileBytes) is not { } problem)
                {
                    return true;
                }

                error = $"file '{raw}' {problem}";
                return false;
            }

            error = $"file '{raw}' does not exist";
            return false;
        }
    }

    /// <summary>
    /// true (stderr), false (off) or a file to append to, whose folder must exist. The value is
    /// <see cref="ServerOptions.AccessLogOff"/>, <see cref="ServerOptions.AccessLogStderr"/> or the full path.
    /// </summary>
    private sealed class LogDestinationKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            error = "";
            if (Boolean.TryParse(raw, baseDirectory, out var flag, out _))
            {
                value = (bool)flag ? ServerOptions.AccessLogStderr : ServerOptions.AccessLogOff;
                return true;
            }

            var full = Path.GetFullPath(Path.Combine(baseDirectory, raw.Trim()));
            value = full;
            if (raw.Trim().Length > 0 && !Directory.Exists(full) && Directory.Exists(Path.GetDirectoryName(full)))
            {
                return true;
            }

            error = $"{Quote(raw)} is not a log destination (expected true, false or a file in an existing folder)";
            return false;
        }

        public override string Format(object value) => (string)value switch
        {
            ServerOptions.AccessLogOff => "false",
            ServerOptions.AccessLogStderr => "true",
            var path => path,
        };
    }

    /// <summary>One of a few words, as written in lower case.</summary>
    private sealed class ChoiceKind(string noun, params string[] choices) : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            var word = raw.Trim().ToLowerInvariant();
            value = word;
            error = "";
            if (choices.Contains(word))
            {
                return true;
            }

            error = $"{Quote(raw)} is not {noun} (expected {string.Join(" or ", choices)})";
            return false;
        }
    }

    /// <summary>--bind: comma-separated host:port (host may be empty or [v6]) or unix socket paths.</summary>
    private sealed class BindKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            var addresses = new List<BindAddress>();
            value = addresses;
            error = "";
            foreach (var part in raw.Split(','))
            {
                // As Tremolo: a colon (not a Windows drive's ":\") means host:port, else a socket path.
                if (!part.Contains(":\\", StringComparison.Ordinal) && part.Contains(':'))
                {
                    var colon = part.LastIndexOf(':');
                    var host = part[..colon].Trim('[', ']');
                    if (!Port.TryParse(part[(colon + 1)..], baseDirectory, out var port, out _))
                    {
                        error = $"{Quote(raw)} is not a bind address (bad port in '{part}')";
                        return false;
                    }

                    addresses.Add(new BindAddress(host.Length == 0 ? null : host, (int)port, null));
                }
                else if (part.Trim().Length == 0)
                {
                    error = $"{Quote(raw)} is not a bind address (an empty entry)";
                    return false;
                }
                else
                {
                    addresses.Add(new BindAddress(null, 0, Path.GetFullPath(Path.Combine(baseDirectory, part))));
                }
            }

            return true;
        }

        public override string Format(object value) =>
            string.Join(',', ((IEnumerable<BindAddress>)value).Select(a => a.UnixPath ?? $"[{a.Host}]:{a.Port}"));
    }

    /// <summary>broker: redis://[user:password@]host[:port][/db], rediss://... (TLS) or unix:///path/redis.sock.</summary>
    private sealed class BrokerUrlKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            value = raw.Trim();
            error = "";
            if (!Uri.TryCreate((string)value, UriKind.Absolute, out var uri))
            {
                error = $"{Quote(raw)} is not a broker address (expected redis://host:port, rediss://host:port or unix:///path)";
                return false;
            }

            var problem = uri.Scheme switch
            {
                "redis" or "rediss" when uri.Host.Length == 0 => "no host",
                "redis" or "rediss" when uri.AbsolutePath.Trim('/') is { Length: > 0 } db && !int.TryParse(db, NumberStyles.None, CultureInfo.InvariantCulture, out _) =>
                    $"database '{db}' is not a number",
                "redis" or "rediss" => null,
                "unix" when uri.Host.Length > 0 || uri.AbsolutePath.Length <= 1 => "a unix socket needs a path: unix:///path/redis.sock",
                "unix" => null,
                _ => $"scheme '{uri.Scheme}' is not redis, rediss or unix",
            };
            if (problem is not null)
            {
                error = $"{Quote(raw)} is not a broker address ({problem})";
                return false;
            }

            return true;
        }
    }

    /// <summary>forwarded_allow_ips: `*`, or comma-separated IP addresses and networks (CIDR).</summary>
    private sealed class PeersKind : OptionKind
    {
        public override bool TryParse(string raw, string baseDirectory, out object value, out string error)
        {
            value = TrustedPeers.Loopback;
            error = "";
            var networks = new List<System.Net.IPNetwork>();
            var everyone = false;
            foreach (var entry in raw.Split(',', StringSplitOptions.TrimEntries))
            {
                if (entry == "*")
                {
                    everyone = true;
                }
                else if (System.Net.IPAddress.TryParse(entry, out var address) && !entry.Contains('/'))
                {
                    networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
                }
                else if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    networks.Add(network);
                }
                else
                {
                    error = $"{Quote(raw)} is not a list of addresses (expected '*' or IP addresses and networks like 10.0.0.0/8, comma-separated; '{entry}' is neither)";
                    return false;
                }
            }

            value = new TrustedPeers(networks, everyone);
            return true;
        }

        public override string Format(object value) => value.ToString()!;
    }
}
