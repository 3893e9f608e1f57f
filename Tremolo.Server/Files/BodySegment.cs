namespace Tremolo.Server.Files;

/// <summary>
/// A piece of a planned body: literal bytes, or a byte range of the planned file that the
/// engine streams with its own buffer.
/// </summary>
public readonly struct BodySegment
{
    private BodySegment(ReadOnlyMemory<byte> literal, long fileOffset, long fileLength)
    {
        Literal = literal;
        FileOffset = fileOffset;
        FileLength = fileLength;
    }

    /// <summary>The bytes to send when <see cref="IsFile"/> is false.</summary>
    public ReadOnlyMemory<byte> Literal { get; }

    public long FileOffset { get; }

    /// <summary>How many bytes of the file to send from <see cref="FileOffset"/>; -1 for a literal.</summary>
    public long FileLength { get; }

    public bool IsFile => FileLength >= 0;

    public static BodySegment FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes, 0, -1);

    public static BodySegment FromFile(long offset, long length) => new(default, offset, length);
}
