using System.Text;
using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>Tremolo's response.set_cookie() value: expires and max-age always, then domain, samesite, secure, httponly.</summary>
internal static class CookieFormatter
{
    public static string Format(CookieModel cookie, string value, DateTimeOffset now)
    {
        var builder = new StringBuilder(96)
            .Append(cookie.Name).Append('=').Append(UrlQuote.Quote(value))
            .Append("; expires=").Append(ServerClock.Rfc1123(now.AddSeconds(cookie.Expires)))
            .Append("; max-age=").Append(cookie.Expires)
            .Append("; path=").Append(UrlQuote.Quote(cookie.Path));
        if (!string.IsNullOrEmpty(cookie.Domain))
        {
            builder.Append("; domain=").Append(UrlQuote.Quote(cookie.Domain));
        }

        if (!string.IsNullOrEmpty(cookie.SameSite))
        {
            builder.Append("; samesite=").Append(UrlQuote.Quote(cookie.SameSite));
        }

        if (cookie.Secure)
        {
            builder.Append("; secure");
        }

        if (cookie.HttpOnly)
        {
            builder.Append("; httponly");
        }

        return builder.ToString();
    }
}
