namespace Tremolo.Server.Http;

/// <summary>
/// Ends the connection from deep inside a request: the peer went away, or Tremolo would
/// close with a bare answer (<see cref="BareStatus"/> set) instead of an HTTP response.
/// </summary>
internal sealed class ConnectionClosedException : Exception
{
    public ConnectionClosedException()
    {
    }

    public ConnectionClosedException(int bareStatus, string bareMessage, string text)
        : base(text)
    {
        BareStatus = bareStatus;
        BareMessage = bareMessage;
    }

    public int? BareStatus { get; }

    public string BareMessage { get; } = "";
}
