namespace Tremolo.Templates.Parsing;

/// <summary>
/// The values of one name in a <see cref="FieldMap"/> (Tremolo's list per name). Its own
/// type so a template that prints the list whole gets the values joined with ", ", as
/// HTTP combines repeated fields (RFC 9110 5.3), instead of Scriban's ["..."] array syntax.
/// </summary>
public sealed class FieldValues : List<string>
{
    public override string ToString() => string.Join(", ", this);
}
