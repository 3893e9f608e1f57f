namespace Tremolo.Templates;

/// <summary>What `| raw` returns: text an HTML render writes without escaping.</summary>
internal sealed record RawHtml(string Text)
{
    public override string ToString() => Text;
}
