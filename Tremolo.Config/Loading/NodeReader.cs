using Tremolo.Config.Model;
using Tremolo.Config.Options;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>A mapping entry whose key is known.</summary>
internal readonly record struct Entry(string Key, YamlScalarNode KeyNode, YamlNode Value);

/// <summary>
/// Reads the nodes of one YAML file: checks shapes and scalar values, and reports each
/// mistake at the node's position without stopping.
/// </summary>
internal sealed class NodeReader(SourceFile file, LoadSession session)
{
    public SourceFile File => file;

    public LoadSession Session => session;

    public void Error(YamlNode node, string message) => session.Diagnostics.Add(file.At(node), message);

    public void Error(SourceLocation location, string message) => session.Diagnostics.Add(location, message);

    public void Warn(YamlNode node, string message) => session.Diagnostics.Warn(file.At(node), message);

    /// <summary>The entries of a mapping in order; unknown keys are reported (with a did-you-mean) and skipped.</summary>
    public List<Entry> Entries(YamlNode node, string what, IReadOnlyCollection<string> allowed)
    {
        var entries = new List<Entry>();
        if (Mapping(node, what) is not { } mapping)
        {
            return entries;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                Error(keyNode, $"a key in {what} must be a name");
                continue;
            }

            if (!allowed.Contains(key))
            {
                var suggestion = KeySuggester.Suggest(key, allowed);
                Error(keyNode, suggestion is null
                    ? $"unknown key '{key}' in {what}; expected one of: {string.Join(", ", allowed)}"
                    : $"unknown key '{key}'; did you mean '{suggestion}'?");
                continue;
            }

            entries.Add(new Entry(key, scalarKey, value));
        }

        return entries;
    }

    /// <summary>
    /// The entries of a file's root mapping. A file none of whose keys is, or looks like, an
    /// allowed one is not a config at all (`include: /etc/shadow`): one error, and its content
    /// is not quoted back.
    /// </summary>
    public List<Entry> RootEntries(YamlMappingNode root, string what, IReadOnlyCollection<string> allowed)
    {
        var keys = root.Children.Keys.Select(k => (k as YamlScalarNode)?.Value).ToList();
        if (keys.Count > 0 && !keys.Any(k => k is not null && (allowed.Contains(k) || KeySuggester.Suggest(k, allowed) is not null)))
        {
            Error(root, $"'{file.DisplayPath}' is not a Tremolo config: none of its keys is one of {string.Join(", ", allowed)}");
            return [];
        }

        return Entries(root, what, allowed);
    }

    public YamlMappingNode? Mapping(YamlNode node, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        if (!IsNull(node))
        {
            Error(node, $"{what} must be a mapping (key: value)");
        }

        return null;
    }

    /// <summary>The items of a list (an absent value is an empty list).</summary>
    public IReadOnlyList<YamlNode> Items(YamlNode node, string what)
    {
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }

        if (!IsNull(node))
        {
            Error(node, $"{what} must be a list");
        }

        return [];
    }

    /// <summary>A scalar's text; a mapping or list is reported. A plain empty value is "".</summary>
    public string? Text(YamlNode node, string what)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return scalar.Value ?? "";
            case YamlMappingNode:
                Error(node, $"{what} must be a single value, not a mapping");
                return null;
            default:
                Error(node, $"{what} must be a single value, not a list");
                return null;
        }
    }

    /// <summary>A scalar read as <paramref name="kind"/>, relative paths against this file's folder.</summary>
    public object? Value(YamlNode node, string what, OptionKind kind)
    {
        if (Text(node, what) is not { } text)
        {
            return null;
        }

        if (kind.TryParse(text, file.Directory, out var value, out var error))
        {
            return value;
        }

        Error(node, error);
        return null;
    }

    public int? Integer(YamlNode node, string what, OptionKind kind) => Value(node, what, kind) is int number ? number : null;

    public long? Long(YamlNode node, string what, OptionKind kind) => Value(node, what, kind) is long number ? number : null;

    public bool? Boolean(YamlNode node, string what) => Value(node, what, OptionKind.Boolean) is bool flag ? flag : null;

    /// <summary>An integer within [min, max]; <paramref name="noun"/> names it in the message.</summary>
    public int? Ranged(YamlNode node, string what, string noun, int min, int max)
    {
        if (Text(node, what) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) &&
            number >= min && number <= max)
        {
            return number;
        }

        Error(node, $"'{text}' is not {noun} ({min}-{max})");
        return null;
    }

    public static bool HasKey(YamlMappingNode mapping, string key) => mapping.Children.ContainsKey(new YamlScalarNode(key));

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
