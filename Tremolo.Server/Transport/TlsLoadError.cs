using System.Security.Cryptography;

namespace Tremolo.Server.Transport;

/// <summary>Why PEM files did not load, in words an operator can act on (.NET's messages hide a wrong password).</summary>
internal static class TlsLoadError
{
    public static string Describe(string? keyPath, string? password, Exception e)
    {
        if (password is not null && keyPath is not null && !DecryptsWith(keyPath, password))
        {
            return "the key does not decrypt with the given ssl password";
        }

        return e is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : e.Message;
    }

    /// <summary>Whether the key file's encrypted key opens with the password (as an RSA or an EC key).</summary>
    private static bool DecryptsWith(string keyPath, string password)
    {
        string text;
        try
        {
            text = File.ReadAllText(keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }

        if (!text.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var create in (Func<AsymmetricAlgorithm>[])[RSA.Create, ECDsa.Create])
        {
            using var key = create();
            try
            {
                key.ImportFromEncryptedPem(text, password);
                return true;
            }
            catch (CryptographicException)
            {
            }
        }

        return false;
    }
}
