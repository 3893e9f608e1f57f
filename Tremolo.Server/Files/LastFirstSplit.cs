namespace Tremolo.Server.Files;

/// <summary>
/// The pieces of a separated value from the last one backwards, at most <c>limit</c> of them:
/// the order in which Tremolo's parse_fields reads fields and range specs.
/// </summary>
internal ref struct LastFirstSplit(ReadOnlySpan<char> text, char separator, int limit)
{
    private readonly ReadOnlySpan<char> _text = text;
    private int _end = text.Length;
    private int _left = limit;
    private bool _done;

    public ReadOnlySpan<char> Current { get; private set; }

    public readonly LastFirstSplit GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_done || _left-- <= 0)
        {
            return false;
        }

        var start = _text[.._end].LastIndexOf(separator) + 1;
        Current = _text[start.._end];
        _done = start == 0;
        _end = start - 1;
        return true;
    }
}
