using Tremolo.Config.Model;
using Tremolo.Config.Options;
using Tremolo.Templates;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Reads a route's `sse:` stream: fixed events and/or a channel.</summary>
internal static class SseReader
{
    private static readonly string[] Keys = ["events", "channel"];
    private static readonly string[] EventKeys = ["data", "event", "id", "retry"];

    public static SseModel Read(NodeReader reader, YamlNode node)
    {
        var events = new List<SseEventModel>();
        CompiledTemplate? channel = null;
        var seen = false;
        foreach (var entry in reader.Entries(node, "sse", Keys))
        {
            seen = true;
            if (entry.Key == "channel")
            {
                channel = TemplateReader.Template(reader, entry.Value, "'channel'");
                continue;
            }

            foreach (var item in reader.Items(entry.Value, "'events'"))
            {
                if (ReadEvent(reader, item) is { } sseEvent)
                {
                    events.Add(sseEvent);
                }
            }
        }

        if (!seen && node is YamlMappingNode or YamlScalarNode { Value: null or "" or "~" })
        {
            reader.Error(node, "sse needs 'events' or a 'channel'");
        }

        return new SseModel(events, channel, reader.File.At(node));
    }

    private static SseEventModel? ReadEvent(NodeReader reader, YamlNode node)
    {
        CompiledTemplate? data = null;
        string? name = null;
        string? id = null;
        var retry = 0;
        foreach (var entry in reader.Entries(node, "an event", EventKeys))
        {
            switch (entry.Key)
            {
                case "data":
                    data = TemplateReader.Template(reader, entry.Value, "'data'");
                    break;
                case "event":
                    name = OneLine(reader, entry.Value, "'event'");
                    break;
                case "id":
                    id = OneLine(reader, entry.Value, "'id'");
                    break;
                default:
                    retry = reader.Integer(entry.Value, "'retry'", OptionKind.CountOrZero) ?? 0;
                    break;
            }
        }

        if (data is null && node is YamlMappingNode mapping && !NodeReader.HasKey(mapping, "data"))
        {
            reader.Error(node, "an event needs 'data'");
        }

        return data is null ? null : new SseEventModel(data, name, id, retry);
    }

    /// <summary>An event stream ends a line at CR or LF: a field value holding one would start a new field.</summary>
    private static string? OneLine(NodeReader reader, YamlNode node, string what)
    {
        var text = reader.Text(node, what);
        if (text is not null && text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            reader.Error(node, $"{what} cannot contain a line break (CR or LF)");
            return null;
        }

        return text;
    }
}
