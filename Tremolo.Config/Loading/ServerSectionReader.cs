using Tremolo.Config.Model;
using Tremolo.Config.Options;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Reads `server:` and the option keys of a `listen:` entry into a layer of canonical values.</summary>
internal static class ServerSectionReader
{
    /// <summary>YAML keys of `server:`: every option, with ssl as a mapping.</summary>
    public static readonly string[] Keys =
        [.. OptionCatalog.All.Select(o => o.Name).Where(n => !n.StartsWith("ssl_", StringComparison.Ordinal)), "ssl"];

    private static readonly string[] SslKeys = ["cert", "key", "password"];

    public static OptionLayer Read(NodeReader reader, YamlNode node)
    {
        var layer = new OptionLayer();
        foreach (var entry in reader.Entries(node, "'server'", Keys))
        {
            ReadOption(reader, entry, layer);
        }

        return layer;
    }

    /// <summary>One option entry; a bad value is reported at its position and left out.</summary>
    public static void ReadOption(NodeReader reader, Entry entry, OptionLayer layer)
    {
        switch (entry.Key)
        {
            case "ssl":
                ReadSsl(reader, entry.Value, layer);
                break;
            case "bind" when entry.Value is YamlSequenceNode list:
                var parts = list.Children.Select(item => reader.Text(item, "a bind address")).ToList();
                if (parts.All(p => p is not null))
                {
                    Add(reader, entry.Value, "bind", string.Join(',', parts), layer);
                }

                break;
            default:
                if (reader.Text(entry.Value, $"'{entry.Key}'") is { } text)
                {
                    Add(reader, entry.Value, entry.Key, text, layer);
                }

                break;
        }
    }

    private static void ReadSsl(NodeReader reader, YamlNode node, OptionLayer layer)
    {
        foreach (var entry in reader.Entries(node, "'ssl'", SslKeys))
        {
            if (reader.Text(entry.Value, $"'{entry.Key}'") is { } text)
            {
                Add(reader, entry.Value, "ssl_" + entry.Key, text, layer);
            }
        }

        if (node is YamlMappingNode mapping && !NodeReader.HasKey(mapping, "cert"))
        {
            reader.Error(node, "ssl needs a 'cert'");
        }
    }

    private static void Add(NodeReader reader, YamlNode node, string option, string text, OptionLayer layer) =>
        OptionLayers.Add(layer, OptionCatalog.Named(option)!, text, reader.File.Directory, reader.File.At(node), reader.Session.Diagnostics);
}
