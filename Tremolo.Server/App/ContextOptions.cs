using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// The server options a request is answered under, read off its context as `context.Options`:
/// the protocol layer's context knows no config type, the app keeps them on it (<see cref="AppRequestState"/>).
/// </summary>
internal static class ContextOptions
{
    extension(HttpContext context)
    {
        public ServerOptions Options => AppRequestState.Of(context).Options;
    }
}
