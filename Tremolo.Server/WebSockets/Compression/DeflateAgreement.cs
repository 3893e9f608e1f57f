
namespace Tremolo.Server.WebSockets.Compression;

/// <summary>
/// The permessage-deflate parameters agreed in the handshake (RFC 7692 section 7.1) and the
/// Sec-WebSocket-Extensions value that says so.
/// </summary>
/// <param name="ServerNoContextTakeover">Every server message is compressed on its own (always, with the shared compressor).</param>
/// <param name="ClientNoContextTakeover">Every client message is inflated on its own, so no inflate state is kept between messages.</param>
/// <param name="ServerMaxWindowBits">The window the server compresses with, 9 to 15.</param>
public sealed record DeflateAgreement(
    DeflateMode Mode,
    bool ServerNoContextTakeover,
    bool ClientNoContextTakeover,
    int ServerMaxWindowBits,
    string ResponseHeader);
