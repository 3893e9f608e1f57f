using System.Text;
using Tremolo.Server.App;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Issue 17: seeded fuzzing of what an SSE event carries. Any message text, CR and LF
/// included, is framed so that an event-stream parser (HTML Living Standard, "Parsing an event
/// stream": a line ends at CR, LF or CRLF) reads back one event whose data is the message
/// (line breaks as LF, outer ones trimmed) and whose event and id are only the ones given.
/// </summary>
public sealed class Fuzz_SseMessages
{
    private const int Rounds = 2000;

    private static readonly string[] Pieces =
    [
        "\r", "\n", "\r\n", "\n\r", "data: x", "event: evil", "id: 666", "retry: 1", ":", " ", "a", "é", "😀", "\u0085", "\u2028", "\0", "\t",
    ];

    [Fact]
    public void AnyMessage_IsOneEventWithExactlyItsData()
    {
        var random = new Random(6202);
        for (var round = 0; round < Rounds; round++)
        {
            var message = new StringBuilder();
            for (var n = random.Next(0, 12); n > 0; n--)
            {
                message.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var eventName = random.Next(3) == 0 ? "note" : null;
            var stream = SseResponder.Format(message.ToString(), eventName, null, 0);

            var (events, fields) = Parse(stream);
            var expected = message.ToString().Replace("\r\n", "\n").Replace('\r', '\n').Trim('\n');
            Assert.Equal([expected], events);
            Assert.Equal(eventName is null ? ["data"] : ["data", "event"], fields.Distinct());
        }
    }

    /// <summary>The event-stream parsing algorithm, enough of it: data lines joined by LF, field names seen.</summary>
    private static (List<string> Events, List<string> Fields) Parse(string stream)
    {
        var events = new List<string>();
        var fields = new List<string>();
        var data = new StringBuilder();
        var hasData = false;
        foreach (var line in stream.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    events.Add(data.ToString());
                }

                data.Clear();
                hasData = false;
                continue;
            }

            var colon = line.IndexOf(':');
            var name = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            fields.Add(name);
            if (name == "data")
            {
                data.Append(hasData ? "\n" : "").Append(value);
                hasData = true;
            }
        }

        return (events, fields);
    }
}
