using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tremolo.SpecTests.Parity;

/// <summary>One normalised read: latin-1 text split after every '\n'. Eof is null when closes are not checked; Final is true or absent.</summary>
public sealed record ExpectedRead(int Conn, IReadOnlyList<string> Data, bool? Eof, bool? Final)
{
    public bool Matches(ExpectedRead other)
        => Conn == other.Conn && Data.SequenceEqual(other.Data) && Eof == other.Eof && Final == other.Final;
}

/// <summary>
/// The comparable form of a replay (a .expected file, or a normalised <see cref="ReplayResult"/>):
/// equal means the same reads in the same order with the same bytes and close decisions.
/// </summary>
public sealed record ExpectedResult(IReadOnlyList<ExpectedRead> Reads, IReadOnlyList<bool?> Closed)
{
    public static ExpectedResult Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllBytes(path)) ?? throw new FormatException($"{path} is empty");
        var reads = root["reads"]!.AsArray().Select(read => new ExpectedRead(
            read!["conn"]!.GetValue<int>(),
            read["data"]!.AsArray().Select(piece => piece!.GetValue<string>()).ToArray(),
            read["eof"]?.GetValue<bool>(),
            read["final"]?.GetValue<bool>()));
        var closed = root["closed"]!.AsArray().Select(c => c?.GetValue<bool>());
        return new ExpectedResult(reads.ToArray(), closed.ToArray());
    }

    public bool Matches(ExpectedResult other)
        => Reads.Count == other.Reads.Count
           && Reads.Zip(other.Reads).All(pair => pair.First.Matches(pair.Second))
           && Closed.SequenceEqual(other.Closed);

    /// <summary>A line per piece with escapes visible, for diffs (the layout of compare.py's output).</summary>
    public IReadOnlyList<string> Render()
    {
        var lines = new List<string>();
        for (int i = 0; i < Reads.Count; i++)
        {
            var read = Reads[i];
            lines.Add($"== read {i} conn={read.Conn} eof={FormatFlag(read.Eof)}{(read.Final == true ? " final" : "")}");
            lines.AddRange(read.Data.Select(piece => "  " + Escape(piece)));
        }
        lines.Add($"== closed [{string.Join(", ", Closed.Select(FormatFlag))}]");
        return lines;
    }

    private static string FormatFlag(bool? flag) => flag switch { null => "null", true => "true", false => "false" };

    /// <summary>The piece as a JSON string body with every non-ASCII byte escaped.</summary>
    private static string Escape(string piece)
    {
        var text = new StringBuilder(piece.Length + 8);
        foreach (char c in piece)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ when c < ' ' || c > '~' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.ToString();
    }
}
