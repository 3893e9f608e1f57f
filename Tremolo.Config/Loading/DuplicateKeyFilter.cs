using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tremolo.Config.Loading;

/// <summary>
/// Passes a YAML event stream through, dropping a mapping key already seen in the same
/// mapping (and its value) after reporting it. YamlDotNet's node tree throws at the first
/// duplicate key, which would hide every other mistake in the file; this way the first
/// occurrence is read and checked like any other, and the duplicate is one error among all.
/// </summary>
internal sealed class DuplicateKeyFilter(IParser inner, Action<Mark, string> report) : IParser
{
    private readonly Stack<Collection> _open = new();

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var current = inner.Current!;
            if (_open.TryPeek(out var top) && top.ExpectsKey && current is Scalar key)
            {
                if (top.Keys!.TryGetValue(key.Value, out var first))
                {
                    report(key.Start, $"duplicate key '{key.Value}' (first at line {first.Line}, column {first.Column})");
                    SkipValue();
                    continue;
                }

                top.Keys[key.Value] = key.Start;
            }

            switch (current)
            {
                case MappingStart:
                    _open.Push(new Collection(new Dictionary<string, Mark>(StringComparer.Ordinal)));
                    break;
                case SequenceStart:
                    _open.Push(new Collection(null));
                    break;
                case MappingEnd or SequenceEnd:
                    _open.Pop();
                    NodeEnded();
                    break;
                case Scalar or AnchorAlias:
                    NodeEnded();
                    break;
            }

            return true;
        }

        return false;
    }

    /// <summary>Consumes the value node after a dropped key, nested collections included.</summary>
    private void SkipValue()
    {
        var depth = 0;
        while (inner.MoveNext())
        {
            depth += inner.Current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
            if (depth == 0)
            {
                return;
            }
        }
    }

    /// <summary>In a mapping, keys and values alternate.</summary>
    private void NodeEnded()
    {
        if (_open.TryPeek(out var parent) && parent.Keys is not null)
        {
            parent.ExpectsKey = !parent.ExpectsKey;
        }
    }

    /// <summary>An open mapping (with its keys so far) or sequence.</summary>
    private sealed class Collection(Dictionary<string, Mark>? keys)
    {
        public Dictionary<string, Mark>? Keys { get; } = keys;

        public bool ExpectsKey { get; set; } = keys is not null;
    }
}
