namespace Tremolo.Templates;

/// <summary>The response as prepared so far; seen by response rules and error pages.</summary>
public interface IResponseData
{
    int Status { get; }

    string Message { get; }

    string ContentType { get; }

    /// <summary>Header fields set so far, in order, names as set.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
}
