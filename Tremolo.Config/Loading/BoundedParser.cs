using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tremolo.Config.Loading;

/// <summary>
/// The YAML event stream with the limits applied before YamlDotNet's representation model
/// (which recurses once per nesting level) sees an event: depth and node count are measured
/// here, with every alias counted as the subtree it names, so nesting that would overflow the
/// stack and alias bombs that would expand past memory stop at the event that crosses a bound.
/// </summary>
internal sealed class BoundedParser(IParser inner, LoadBudget budget) : IParser
{
    private readonly Stack<Frame> _open = new();
    // An anchor whose node is still open maps to null: an alias of it would be a cycle.
    private readonly Dictionary<string, Subtree?> _anchors = new(StringComparer.Ordinal);

    public ParsingEvent? Current => inner.Current;

    /// <summary>Where the last event ended: the place to name when YamlDotNet fails without one.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        LastEnd = inner.Current!.End;
        switch (inner.Current)
        {
            case Scalar scalar:
                Count(scalar, new Subtree(1, scalar.Value.Length, 0));
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor.Value] = new Subtree(1, scalar.Value.Length, 0);
                }

                break;
            case NodeEvent start and (SequenceStart or MappingStart):
                Count(start, new Subtree(1, 0, 0));
                _open.Push(new Frame(start.Anchor, budget.Nodes - 1, budget.ScalarChars, _open.Count + 1));
                if (!start.Anchor.IsEmpty)
                {
                    _anchors[start.Anchor.Value] = null;
                }

                break;
            case SequenceEnd or MappingEnd when _open.TryPop(out var frame):
                var height = frame.Deepest - frame.Depth;
                // Unless a node inside named the anchor again (the later name wins).
                if (!frame.Anchor.IsEmpty && _anchors.TryGetValue(frame.Anchor.Value, out var named) && named is null)
                {
                    _anchors[frame.Anchor.Value] = new Subtree(budget.Nodes - frame.NodesBefore, budget.ScalarChars - frame.CharsBefore, height);
                }

                if (_open.TryPeek(out var parent))
                {
                    parent.Deepest = Math.Max(parent.Deepest, frame.Deepest);
                }

                break;
            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out var subtree))
                {
                    // An unknown anchor is YamlDotNet's error to report; count the alias as one node.
                    subtree = new Subtree(1, 0, 0);
                }
                else if (subtree is null)
                {
                    throw new YamlLimitException(alias.Start, $"alias *{alias.Value.Value} is inside the node it names (a cycle)");
                }

                Count(alias, subtree.Value);
                break;
        }

        return true;
    }

    /// <summary>Adds a node (or an alias's whole subtree) at the current depth and checks every bound.</summary>
    private void Count(ParsingEvent at, Subtree subtree)
    {
        var reached = _open.Count + 1 + subtree.Height;
        if (_open.TryPeek(out var parent))
        {
            parent.Deepest = Math.Max(parent.Deepest, reached);
        }

        budget.Nodes += subtree.Nodes;
        budget.ScalarChars += subtree.ScalarChars;
        if (reached > ConfigLimits.MaxDepth)
        {
            throw new YamlLimitException(at.Start, $"nested more than {ConfigLimits.MaxDepth} levels deep (aliases counted as what they name)");
        }

        if (budget.Nodes > ConfigLimits.MaxNodes)
        {
            throw new YamlLimitException(at.Start, $"more than {ConfigLimits.MaxNodes} YAML nodes in this config (aliases counted as what they name)");
        }

        if (budget.ScalarChars > ConfigLimits.MaxScalarChars)
        {
            throw new YamlLimitException(at.Start, $"more than {ConfigLimits.MaxScalarChars / (1024 * 1024)} MiB of text values in this config (aliases counted as what they name)");
        }
    }

    /// <summary>What a node stands for once expanded: its nodes, its scalar text, its levels below it.</summary>
    private readonly record struct Subtree(long Nodes, long ScalarChars, int Height);

    /// <summary>An open mapping or list: where the budget stood at its start and the deepest level inside it.</summary>
    private sealed class Frame(AnchorName anchor, long nodesBefore, long charsBefore, int depth)
    {
        public AnchorName Anchor { get; } = anchor;

        public long NodesBefore { get; } = nodesBefore;

        public long CharsBefore { get; } = charsBefore;

        public int Depth { get; } = depth;

        public int Deepest { get; set; } = depth;
    }
}
