using Tremolo.Templates.Parsing;

namespace Tremolo.Templates.Context;

/// <summary>name -> list of values: request.query, request.headers, request.cookies, request.form, response.headers.</summary>
internal sealed class FieldListsObject(FieldMap fields) : FieldMapObject(fields)
{
    protected override object ValueOf(IReadOnlyList<string> values) => values;
}
