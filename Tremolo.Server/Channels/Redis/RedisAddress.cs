using System.Globalization;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Tremolo.Server.Channels.Redis;

/// <summary>
/// The `broker` URL (checked by the config loader) as StackExchange.Redis options:
/// redis://[user:password@]host[:port][/db], rediss://… for TLS, unix:///path/redis.sock.
/// </summary>
internal static class RedisAddress
{
    public const int DefaultPort = 6379;

    public static ConfigurationOptions Parse(string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        var options = new ConfigurationOptions();
        if (uri.Scheme == "unix")
        {
            options.EndPoints.Add(new UnixDomainSocketEndPoint(Uri.UnescapeDataString(uri.AbsolutePath)));
        }
        else
        {
            options.EndPoints.Add(uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port);
            options.Ssl = uri.Scheme == "rediss";
            options.SslHost = options.Ssl ? uri.Host : null;
            if (uri.AbsolutePath.Trim('/') is { Length: > 0 } db)
            {
                options.DefaultDatabase = int.Parse(db, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            options.User = user.Length > 0 ? user : null;
            options.Password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        return options;
    }

    /// <summary>The URL without its password, for log lines.</summary>
    public static string Describe(string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        return uri.UserInfo.Length == 0 ? url : url.Replace(uri.UserInfo + "@", uri.UserInfo.Split(':')[0] + ":***@", StringComparison.Ordinal);
    }
}
