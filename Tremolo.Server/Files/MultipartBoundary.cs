using System.Buffers.Text;
using System.Security.Cryptography;

namespace Tremolo.Server.Files;

/// <summary>
/// A fresh multipart/byteranges boundary: "----Boundary" and the base64url text of 24
/// random bytes (44 chars), Tremolo's shape, so chunk sizes match its answers.
/// Random so that file content cannot be crafted to contain it.
/// </summary>
internal static class MultipartBoundary
{
    public const int Length = 44;

    private const string Prefix = "----Boundary";

    public static string Create()
    {
        return string.Create(Length, 0, (chars, _) =>
        {
            Prefix.CopyTo(chars);
            Span<byte> bytes = stackalloc byte[24];
            RandomNumberGenerator.Fill(bytes);
            Base64Url.EncodeToChars(bytes, chars[Prefix.Length..]);
        });
    }
}
