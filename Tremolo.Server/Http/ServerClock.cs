using System.Globalization;

namespace Tremolo.Server.Http;

/// <summary>The Date header value, formatted once a second rather than per response (as Tremolo does).</summary>
internal static class ServerClock
{
    private static Stamp s_stamp = new(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Rfc1123(DateTimeOffset.UtcNow));

    /// <summary>RFC 1123 date of the current second.</summary>
    public static string Date
    {
        get
        {
            var stamp = Volatile.Read(ref s_stamp);
            var now = DateTimeOffset.UtcNow;
            var second = now.ToUnixTimeSeconds();
            if (second != stamp.Second)
            {
                stamp = new Stamp(second, Rfc1123(now));
                Volatile.Write(ref s_stamp, stamp);
            }

            return stamp.Text;
        }
    }

    public static string Rfc1123(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    private sealed record Stamp(long Second, string Text);
}
