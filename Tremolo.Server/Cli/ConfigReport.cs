using System.Security.Cryptography;
using Tremolo.Config.Loading;
using Tremolo.Config.Model;
using Tremolo.Server.Hosting;
using Tremolo.Server.Transport;

namespace Tremolo.Server.Cli;

/// <summary>
/// Loads CONFIG with the flags and the environment, printing every warning, and every error
/// when it is invalid. The TLS material is loaded too, so `check` says what `serve` would fail on.
/// </summary>
internal static class ConfigReport
{
    public static LoadResult Load(CommandArguments arguments, TextWriter errors, IReadOnlyDictionary<string, string?> environment)
    {
        var result = ConfigLoader.Load(arguments.ConfigPath, arguments.Flags, environment);
        foreach (var warning in result.Warnings)
        {
            errors.WriteLine($"{warning.Location}: warning: {warning.Message}");
        }

        if (result.Document is { } document && TlsErrors(document) is { Count: > 0 } tlsErrors)
        {
            result = new LoadResult(null, tlsErrors) { Warnings = result.Warnings };
        }

        foreach (var error in result.Errors)
        {
            errors.WriteLine(error);
        }

        return result;
    }

    /// <summary>Each distinct ssl setting loaded as the server will; an error at the position of the setting.</summary>
    private static List<ConfigError> TlsErrors(AppDocument document)
    {
        var errors = new List<ConfigError>();
        var tried = new HashSet<SslOptions>();
        var settings = document.Listen.Select(l => (l.Options.Ssl, l.SslLocation)).Prepend((document.Server.Ssl, document.SslLocation));
        foreach (var (ssl, location) in settings)
        {
            if (ssl is null || !tried.Add(ssl))
            {
                continue;
            }

            try
            {
                TlsSettings.FromPem(ssl.Cert, ssl.Key, ssl.Password);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                errors.Add(new ConfigError(location ?? SourceLocation.Of("ssl"), StartupException.TlsProblem(ssl, e)));
            }
        }

        return errors;
    }
}
