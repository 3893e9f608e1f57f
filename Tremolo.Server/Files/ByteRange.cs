namespace Tremolo.Server.Files;

/// <summary>An inclusive byte range of a file, as in Content-Range.</summary>
internal readonly record struct ByteRange(long Start, long End)
{
    public long Length => End - Start + 1;
}
