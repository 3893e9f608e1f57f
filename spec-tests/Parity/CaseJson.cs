using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// Reads case values with the harness's (Python's) lenient rules, so a case means the same
/// here as in harness.py: int() truncates, truthiness decides flags, byte strings are latin-1.
/// </summary>
internal static class CaseJson
{
    public static JsonElement? Get(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value : null;

    public static int Int(JsonElement obj, string name, int fallback)
        => Get(obj, name) is { } value ? ToInt(value) : fallback;

    public static double Number(JsonElement obj, string name, double fallback)
        => Get(obj, name) is { } value ? ToNumber(value) : fallback;

    public static bool Flag(JsonElement obj, string name, bool fallback)
        => Get(obj, name) is { } value ? IsTruthy(value) : fallback;

    public static int ToInt(JsonElement value) => checked((int)ToLong(value));

    /// <summary>Python int(): numbers truncate toward zero, strings parse, booleans are 0/1.</summary>
    public static long ToLong(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out long i) ? i : checked((long)Math.Truncate(value.GetDouble())),
        JsonValueKind.String => long.Parse(value.GetString()!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => throw new FormatException($"not an integer: {value.GetRawText()}"),
    };

    /// <summary>Python float().</summary>
    public static double ToNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => double.Parse(value.GetString()!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => throw new FormatException($"not a number: {value.GetRawText()}"),
    };

    /// <summary>Python truthiness of a JSON value.</summary>
    public static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => false,
        JsonValueKind.True => true,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        _ => value.EnumerateObject().Any(),
    };

    /// <summary>A byte string: one JSON string, or an array of them concatenated; one char per byte.</summary>
    public static byte[] Latin1Bytes(JsonElement value)
    {
        string text = value.ValueKind == JsonValueKind.Array
            ? string.Concat(value.EnumerateArray().Select(part => part.GetString()))
            : value.GetString() ?? throw new FormatException($"not a byte string: {value.GetRawText()}");
        foreach (char c in text)
        {
            if (c > '\u00ff')
                throw new FormatException($"U+{(int)c:X4} is not a byte (byte strings are latin-1)");
        }
        return Encoding.Latin1.GetBytes(text);
    }

    /// <summary>Python bytes * k: k copies, none when k &lt;= 0.</summary>
    public static byte[] Repeat(byte[] data, int times)
    {
        if (times <= 0 || data.Length == 0)
            return [];
        var result = new byte[checked(data.Length * times)];
        for (int i = 0; i < times; i++)
            data.CopyTo(result, i * data.Length);
        return result;
    }
}
