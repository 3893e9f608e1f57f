using System.Runtime.CompilerServices;
using Tremolo.Server.Transport;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// The engine runs in-process here: the socket engine gets the mode `tremolo` sets in its
/// Main (inline completions), before any test makes a socket, so the tests check what ships.
/// </summary>
internal static class SocketEngineSetup
{
    [ModuleInitializer]
    internal static void UseTheServersSocketMode() => SocketEngineMode.UseInlineCompletions();
}
