namespace Tremolo.Server.Http;

/// <summary>A request header field located in the head buffer (name lower-cased in place).</summary>
internal readonly record struct HeaderField(int NameStart, int NameLength, int ValueStart, int ValueLength);
