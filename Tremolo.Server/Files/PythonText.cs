namespace Tremolo.Server.Files;

/// <summary>
/// The few Python text rules Tremolo's Range handling depends on: what bytes.strip()
/// removes and what int() accepts. Copying them keeps 400-versus-416 answers identical.
/// </summary>
internal static class PythonText
{
    /// <summary>Beyond any file size; larger numbers are clamped so arithmetic cannot overflow.</summary>
    private const long Huge = 1L << 62;

    /// <summary>ASCII whitespace as bytes.strip() and int() see it.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> s)
    {
        int start = 0;
        int end = s.Length;
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }

        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    /// <summary>
    /// int(s) for base 10: surrounding whitespace, one optional sign, digits with single
    /// underscores between them. Magnitudes past 2^62 are clamped to 2^62.
    /// </summary>
    public static bool TryParseInt(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        s = Strip(s);
        bool negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[^1]))
        {
            return false;
        }

        long magnitude = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_')
            {
                // the last char is a digit, so s[i + 1] exists
                if (!char.IsAsciiDigit(s[i + 1]))
                {
                    return false;
                }

                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            // Clamp before multiplying: Huge * 10 would wrap past long.MaxValue into a negative.
            magnitude = magnitude > (Huge - 9) / 10 ? Huge : Math.Min(magnitude * 10 + (c - '0'), Huge);
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }
}
