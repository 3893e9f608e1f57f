using Tremolo.Config.Model;
using Tremolo.Config.Patterns;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Reads `mount:` entries: a prefix and an inline `app:` or an `include:` of another YAML file.</summary>
internal static class MountReader
{
    private static readonly string[] Keys = ["prefix", "app", "include"];
    private static readonly string[] AppKeys = ["middleware", "errors", "routes", "mount", "server", "listen"];

    public static void ReadAll(NodeReader reader, YamlNode node, List<MountModel> mounts)
    {
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var item in reader.Items(node, "'mount'"))
        {
            if (item is not YamlMappingNode mapping)
            {
                reader.Error(item, "a mount must be a mapping with 'prefix' and 'app' or 'include'");
                continue;
            }

            string? prefix = null;
            AppModel? app = null;
            foreach (var entry in reader.Entries(item, "a mount", Keys))
            {
                switch (entry.Key)
                {
                    case "prefix":
                        prefix = Prefix(reader, entry.Value, seen);
                        break;
                    case "app":
                        app = reader.Mapping(entry.Value, "'app'") is null
                            ? null
                            : AppReader.Read(reader, entry.Value, reader.Entries(entry.Value, "a mounted app", AppKeys), mounted: true);
                        break;
                    default:
                        app = Include(reader, entry.Value);
                        break;
                }
            }

            var hasApp = NodeReader.HasKey(mapping, "app");
            var hasInclude = NodeReader.HasKey(mapping, "include");
            if (!NodeReader.HasKey(mapping, "prefix"))
            {
                reader.Error(item, "a mount needs a 'prefix'");
            }

            if (hasApp == hasInclude)
            {
                reader.Error(item, hasApp ? "a mount has either 'app' or 'include', not both" : "a mount needs an 'app' or an 'include'");
            }
            else if (prefix is not null && app is not null)
            {
                mounts.Add(new MountModel(prefix, app, reader.File.At(item)));
            }
        }
    }

    /// <summary>The prefix without its trailing slash, as app.mount() keeps it.</summary>
    private static string? Prefix(NodeReader reader, YamlNode node, Dictionary<string, SourceLocation> seen)
    {
        if (reader.Text(node, "'prefix'") is not { } prefix)
        {
            return null;
        }

        if (!prefix.StartsWith('/') || prefix.Length > 255)
        {
            reader.Error(node, $"mount prefix '{prefix}' must start with '/' (and be at most 255 characters)");
            return null;
        }

        var trimmed = prefix.TrimEnd('/');
        if (PythonRegex.Check("^" + PythonRegex.ToDotNet(trimmed)) is { } problem)
        {
            reader.Error(node, $"mount prefix '{prefix}' is not a valid regex, which Tremolo puts it into: {problem}");
            return null;
        }

        if (seen.TryGetValue(trimmed, out var first))
        {
            reader.Error(node, $"duplicate mount prefix '{prefix}' (already mounted at {first})");
            return null;
        }

        seen[trimmed] = reader.File.At(node);
        return trimmed;
    }

    private static AppModel? Include(NodeReader reader, YamlNode node)
    {
        if (reader.Text(node, "'include'") is not { } relative)
        {
            return null;
        }

        var full = reader.File.Resolve(relative);
        if (relative.Length == 0 || !File.Exists(full))
        {
            reader.Error(node, $"include '{relative}' does not exist");
            return null;
        }

        var chain = reader.Session.IncludeChain;
        var display = reader.File.DisplayOf(relative);
        if (chain.Any(c => c.FullPath == full))
        {
            var names = chain.SkipWhile(c => c.FullPath != full).Select(c => c.DisplayPath).Append(display);
            reader.Error(node, $"include cycle: {string.Join(" -> ", names)}");
            return null;
        }

        var (file, root) = YamlFile.Read(display, full, reader.Session, reader.File.At(node));
        if (file is null || root is null)
        {
            return null;
        }

        chain.Add(file);
        try
        {
            var included = new NodeReader(file, reader.Session);
            if (root is not YamlMappingNode mapping)
            {
                included.Error(root, "an included app must be a mapping of middleware, routes and mount");
                return null;
            }

            return AppReader.Read(included, root, included.RootEntries(mapping, "an included app", AppKeys), mounted: true);
        }
        finally
        {
            chain.RemoveAt(chain.Count - 1);
        }
    }
}
