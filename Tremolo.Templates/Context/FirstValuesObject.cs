using Tremolo.Templates.Parsing;

namespace Tremolo.Templates.Context;

/// <summary>name -> first value: the convenience maps query, cookies, headers.</summary>
internal sealed class FirstValuesObject(FieldMap fields) : FieldMapObject(fields)
{
    protected override object ValueOf(IReadOnlyList<string> values) => values[0];
}
