using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.Hosting;

/// <summary>What every connection of one listener shares: its options, the app, the connection manager and the log.</summary>
internal sealed record ListenerContext(ServerOptions Options, IHttpApplication App, ConnectionManager Manager, ServerLog Log);
