namespace Tremolo.Server.Http;

/// <summary>The outcome of parsing a request head, in the order Tremolo reacts to them.</summary>
internal enum RequestHeadStatus
{
    /// <summary>A valid request.</summary>
    Valid,

    /// <summary>A request line was found but the request is malformed: answered 400 after the request middleware, like Tremolo.</summary>
    Invalid,

    /// <summary>No request line at all: a bare "HTTP/1.0 400" and close, like Tremolo.</summary>
    NotARequest,
}
