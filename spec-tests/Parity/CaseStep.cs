using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Parity;

/// <summary>One action of a case, on connection <see cref="Conn"/> (opened on first use).</summary>
public abstract record CaseStep(int Conn);

/// <summary>send / send_b64 (with repeat applied): bytes to write; a refused write is ignored.</summary>
public sealed record SendStep(int Conn, byte[] Data) : CaseStep(Conn);

/// <summary>ws_send: one client WebSocket frame.</summary>
public sealed record WsSendStep(int Conn, WsClientFrame Frame) : CaseStep(Conn);

/// <summary>read: what to wait for, in unscaled milliseconds; the result is recorded.</summary>
public sealed record ReadStep(int Conn, ReadUntil Until, int IdleMs, int FirstMs, int TimeoutMs, int Count) : CaseStep(Conn);

/// <summary>sleep: a pause (never scaled).</summary>
public sealed record SleepStep(int Conn, double Ms) : CaseStep(Conn);

/// <summary>connect: open the connection without sending.</summary>
public sealed record ConnectStep(int Conn) : CaseStep(Conn);
