using System.Text;

namespace Tremolo.Server.App;

/// <summary>Python's urllib.parse.quote(text) (safe='/'): UTF-8, then %XX for all but unreserved and '/'.</summary>
internal static class UrlQuote
{
    public static string Quote(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'.' or (byte)'-' or (byte)'~' or (byte)'/')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
