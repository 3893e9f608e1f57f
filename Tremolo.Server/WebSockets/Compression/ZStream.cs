using System.Runtime.InteropServices;

namespace Tremolo.Server.WebSockets.Compression;

/// <summary>
/// What a zlib deflate and inflate stream share: the z_stream in native memory (zlib checks it
/// never moves) and two pinned scratch buffers data passes through a chunk at a time, so no
/// call pins or allocates anything; Dispose ends the stream once.
/// </summary>
internal abstract class ZStream : IDisposable
{
    protected const int ChunkSize = 16384;

    private readonly byte[] _in = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
    private readonly byte[] _out = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
    private readonly IntPtr _inAddress;
    private readonly IntPtr _outAddress;
    private bool _disposed;

    /// <param name="init">deflateInit2 or inflateInit2 on the new z_stream; anything but <see cref="ZLib.Ok"/> fails.</param>
    protected ZStream(Func<IntPtr, int> init, string initName)
    {
        Stream = ZLib.AllocStream();
        if (init(Stream) != ZLib.Ok)
        {
            Marshal.FreeHGlobal(Stream);
            throw new InvalidOperationException($"zlib {initName} failed");
        }

        _inAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_in, 0);
        _outAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_out, 0);
    }

    protected IntPtr Stream { get; }

    /// <summary>zlib is done with a call once its input is used up and output space was left over.</summary>
    protected bool MayHaveMore => ZLib.AvailOut(Stream) == 0 || ZLib.AvailIn(Stream) > 0;

    /// <summary>What the last call wrote into the output chunk.</summary>
    protected ReadOnlySpan<byte> Produced => _out.AsSpan(0, ChunkSize - ZLib.AvailOut(Stream));

    /// <summary>Gives zlib the next chunk of <paramref name="input"/>; returns what is left of it.</summary>
    protected ReadOnlySpan<byte> SetInput(ReadOnlySpan<byte> input)
    {
        var count = Math.Min(input.Length, ChunkSize);
        input[..count].CopyTo(_in);
        ZLib.SetInput(Stream, _inAddress, count);
        return input[count..];
    }

    /// <summary>Gives zlib a whole empty output chunk.</summary>
    protected void SetOutput() => ZLib.SetOutput(Stream, _outAddress, ChunkSize);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            End();
            Marshal.FreeHGlobal(Stream);
        }
    }

    /// <summary>deflateEnd or inflateEnd.</summary>
    protected abstract void End();
}
