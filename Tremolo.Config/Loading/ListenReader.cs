using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Reads `listen:`: extra listeners, like app.listen(port, **options).</summary>
internal static class ListenReader
{
    private static readonly string[] Keys = ["unix", .. ServerSectionReader.Keys.Where(k => k != "bind")];

    public static List<ListenEntry> Read(NodeReader reader, YamlNode node)
    {
        var listeners = new List<ListenEntry>();
        foreach (var item in reader.Items(node, "'listen'"))
        {
            if (item is not YamlMappingNode mapping)
            {
                reader.Error(item, "a listener must be a mapping with a 'port' or a 'unix' socket path");
                continue;
            }

            var options = new Options.OptionLayer();
            string? unix = null;
            foreach (var entry in reader.Entries(item, "a listener", Keys))
            {
                if (entry.Key == "unix")
                {
                    unix = reader.Text(entry.Value, "'unix'") is { Length: > 0 } path ? reader.File.Resolve(path) : null;
                }
                else
                {
                    ServerSectionReader.ReadOption(reader, entry, options);
                }
            }

            var hasPort = NodeReader.HasKey(mapping, "port");
            var hasUnix = NodeReader.HasKey(mapping, "unix");
            if (hasPort == hasUnix)
            {
                reader.Error(item, hasPort ? "a listener has either a 'port' or a 'unix' socket path, not both" : "a listener needs a 'port' or a 'unix' socket path");
            }

            listeners.Add(new ListenEntry(options, unix, reader.File.At(item)));
        }

        return listeners;
    }
}
