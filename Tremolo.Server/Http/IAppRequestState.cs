namespace Tremolo.Server.Http;

/// <summary>
/// What the app keeps on a connection's <see cref="HttpContext"/> between its calls for one
/// request (e.g. the route found while sizing it); the protocol layer only resets it when
/// the next request begins.
/// </summary>
internal interface IAppRequestState
{
    void Reset();
}
