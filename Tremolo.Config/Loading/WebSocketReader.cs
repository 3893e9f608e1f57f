using Tremolo.Config.Model;
using Tremolo.Config.Options;
using Tremolo.Templates;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Reads a route's `websocket:` endpoint.</summary>
internal static class WebSocketReader
{
    private static readonly string[] Keys = ["mode", "format", "channel", "greeting", "history", "max_payload_size", "compression", "origins", "max_messages_per_second", "join", "leave", "history_ttl"];

    private const int MaxHistoryTtl = 7 * 24 * 3600;

    public static WebSocketModel Read(NodeReader reader, YamlNode node)
    {
        var mode = WebSocketMode.Echo;
        CompiledTemplate? format = null;
        CompiledTemplate? channel = null;
        CompiledTemplate? greeting = null;
        var history = 0;
        long? maxPayloadSize = null;
        WebSocketCompression? compression = null;
        IReadOnlyList<OriginPattern>? origins = null;
        int? maxMessagesPerSecond = null;
        CompiledTemplate? join = null;
        CompiledTemplate? leave = null;
        var announcements = new List<(string Key, YamlNode Node)>();
        var historyTtl = WebSocketModel.DefaultHistoryTtl;
        foreach (var entry in reader.Entries(node, "websocket", Keys))
        {
            var value = entry.Value;
            switch (entry.Key)
            {
                case "mode":
                    mode = reader.Text(value, "'mode'") switch
                    {
                        "echo" or null => WebSocketMode.Echo,
                        "broadcast" => WebSocketMode.Broadcast,
                        var other => Invalid(reader, value, other),
                    };
                    break;
                case "format":
                    format = TemplateReader.Template(reader, value, "'format'");
                    break;
                case "channel":
                    channel = TemplateReader.Template(reader, value, "'channel'");
                    break;
                case "greeting":
                    greeting = TemplateReader.Template(reader, value, "'greeting'");
                    break;
                case "history":
                    history = reader.Integer(value, "'history'", OptionKind.CountOrZero) ?? 0;
                    break;
                case "compression":
                    compression = reader.Value(value, "'compression'", OptionKind.Compression) as WebSocketCompression?;
                    break;
                case "max_messages_per_second":
                    maxMessagesPerSecond = reader.Integer(value, "'max_messages_per_second'", OptionKind.Count);
                    break;
                case "join":
                    join = TemplateReader.Template(reader, value, "'join'");
                    announcements.Add((entry.Key, value));
                    break;
                case "leave":
                    leave = TemplateReader.Template(reader, value, "'leave'");
                    announcements.Add((entry.Key, value));
                    break;
                case "origins":
                    origins = Origins(reader, value);
                    break;
                case "history_ttl":
                    // Bounded so that it fits a timer (and a week of an empty room is already generous).
                    historyTtl = reader.Ranged(value, "'history_ttl'", "a history_ttl in seconds", 0, MaxHistoryTtl) ?? historyTtl;
                    break;
                default:
                    maxPayloadSize = reader.Long(value, "'max_payload_size'", OptionKind.Size);
                    break;
            }
        }

        if (mode != WebSocketMode.Broadcast)
        {
            // join and leave are told to the channel: an echo socket has none.
            foreach (var (key, value) in announcements)
            {
                reader.Error(value, $"websocket '{key}' needs mode: broadcast");
            }
        }

        format ??= TemplateCompiler.Compile("{{ message }}", out _);
        return new WebSocketModel(mode, format, channel, greeting, history, maxPayloadSize, reader.File.At(node), compression, origins, maxMessagesPerSecond, join, leave) { HistoryTtl = historyTtl };
    }

    /// <summary>The allowed Origins; each pattern that is not one is reported at its place.</summary>
    private static List<OriginPattern> Origins(NodeReader reader, YamlNode node)
    {
        var patterns = new List<OriginPattern>();
        foreach (var item in reader.Items(node, "'origins'"))
        {
            if (reader.Text(item, "an origin") is not { } text)
            {
                continue;
            }

            if (OriginPattern.Parse(text, out var error) is { } pattern)
            {
                patterns.Add(pattern);
            }
            else
            {
                reader.Error(item, $"websocket origin '{text}' is not scheme://host[:port] ({error})");
            }
        }

        return patterns;
    }

    private static WebSocketMode Invalid(NodeReader reader, YamlNode node, string mode)
    {
        reader.Error(node, $"websocket mode '{mode}' is not one of: echo, broadcast");
        return WebSocketMode.Echo;
    }
}
