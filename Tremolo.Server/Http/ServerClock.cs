using System.Globalization;
using System.Text;

namespace Tremolo.Server.Http;

/// <summary>The Date header value, formatted once a second rather than per response (as Tremolo does).</summary>
internal static class ServerClock
{
    private static byte[] s_date = Format(DateTimeOffset.UtcNow);
    private static long s_second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>RFC 1123 date of the current second, as bytes.</summary>
    public static ReadOnlySpan<byte> DateBytes
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            var second = now.ToUnixTimeSeconds();
            if (second != Volatile.Read(ref s_second))
            {
                Volatile.Write(ref s_date, Format(now));
                Volatile.Write(ref s_second, second);
            }

            return Volatile.Read(ref s_date);
        }
    }

    public static string Rfc1123(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    private static byte[] Format(DateTimeOffset time) => Encoding.ASCII.GetBytes(Rfc1123(time));
}
