namespace Tremolo.Templates;

/// <summary>
/// The request cannot give what a template asked for, where Tremolo raises too:
/// <see cref="Code"/> 400 for its BadRequest (e.g. "invalid Content-Type" for
/// request.form), 500 for the ValueErrors of its parsers ("Max number of fields
/// exceeded"). The engine answers it like an HTTPException with that code and Message.
/// </summary>
public sealed class RequestDataException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
