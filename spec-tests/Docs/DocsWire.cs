using System.Text;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// One docs example on the wire: a raw request on a fresh connection, the answer with its
/// Date value replaced by {DATE}, and "&lt;EOF&gt;" appended when the server closed.
/// The expected texts in this folder were taken from Python Tremolo 0.5.2 serving the docs'
/// own code; where the docs page shows an older header order, 0.5.2's wire wins.
/// </summary>
public static partial class DocsWire
{
    [GeneratedRegex(@"\r\nDate: [^\r\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex DateHeader();

    public static async Task<string> AskAsync(TestApp app, string request, ReadUntil until = ReadUntil.Idle)
    {
        using var client = await app.ConnectAsync();
        await client.SendAsync(request);
        var data = await client.ReadAsync(until);
        return Normalise(Encoding.Latin1.GetString(data)) + (client.Eof ? "<EOF>" : "");
    }

    public static string Normalise(string answer) => DateHeader().Replace(answer, "\r\nDate: {DATE}");
}
