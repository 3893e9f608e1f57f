using System.Runtime.InteropServices;

namespace Tremolo.Server.WebSockets.Compression;

/// <summary>
/// The few zlib entry points permessage-deflate needs, from the system's libz.so.1.
/// System.IO.Compression cannot do this job: DeflateStream/ZLibStream neither reset a stream
/// (deflateReset, which keeps the allocated state) nor take a window size, and their Flush is
/// not the sync flush RFC 7692 section 7.2.1 relies on; creating a stream per message would
/// allocate and free ~256 KiB of zlib state per message. No maintained NuGet binding of
/// zlib's stream API was reachable (SharpZipLib's managed Deflater has a reset but no sync
/// flush), so this is a thin binding to the library itself; its ABI has been fixed for decades.
/// The z_stream lives in native memory because zlib checks that it never moves.
/// </summary>
internal static class ZLib
{
    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int BufError = -5;
    public const int NoFlush = 0;
    public const int SyncFlush = 2;

    private const string Library = "libz.so.1";

    // z_stream on LP64 (Linux, macOS): pointers and uLong are 8 bytes, uInt 4 (then padding).
    public const int StreamSize = 112;
    private const int NextInOffset = 0;
    private const int AvailInOffset = 8;
    private const int NextOutOffset = 24;
    private const int AvailOutOffset = 32;

    public static IntPtr AllocStream()
    {
        var stream = Marshal.AllocHGlobal(StreamSize);
        for (var offset = 0; offset < StreamSize; offset += 8)
        {
            Marshal.WriteInt64(stream, offset, 0);
        }

        return stream;
    }

    public static void SetInput(IntPtr stream, IntPtr data, int length)
    {
        Marshal.WriteIntPtr(stream, NextInOffset, data);
        Marshal.WriteInt32(stream, AvailInOffset, length);
    }

    public static void SetOutput(IntPtr stream, IntPtr data, int length)
    {
        Marshal.WriteIntPtr(stream, NextOutOffset, data);
        Marshal.WriteInt32(stream, AvailOutOffset, length);
    }

    public static int AvailIn(IntPtr stream) => Marshal.ReadInt32(stream, AvailInOffset);

    public static int AvailOut(IntPtr stream) => Marshal.ReadInt32(stream, AvailOutOffset);

    /// <summary>Raw deflate (no zlib header): negative window bits.</summary>
    public static int DeflateInitRaw(IntPtr stream, int level, int windowBits, int memLevel) =>
        deflateInit2_(stream, level, 8, -windowBits, memLevel, 0, "1.2.11", StreamSize);

    public static int InflateInitRaw(IntPtr stream, int windowBits) => inflateInit2_(stream, -windowBits, "1.2.11", StreamSize);

    [DllImport(Library, EntryPoint = "deflateInit2_")]
    private static extern int deflateInit2_(IntPtr stream, int level, int method, int windowBits, int memLevel, int strategy, [MarshalAs(UnmanagedType.LPStr)] string version, int streamSize);

    [DllImport(Library, EntryPoint = "inflateInit2_")]
    private static extern int inflateInit2_(IntPtr stream, int windowBits, [MarshalAs(UnmanagedType.LPStr)] string version, int streamSize);

    [DllImport(Library, EntryPoint = "deflate")]
    public static extern int Deflate(IntPtr stream, int flush);

    [DllImport(Library, EntryPoint = "deflateReset")]
    public static extern int DeflateReset(IntPtr stream);

    [DllImport(Library, EntryPoint = "deflateEnd")]
    public static extern int DeflateEnd(IntPtr stream);

    [DllImport(Library, EntryPoint = "inflate")]
    public static extern int Inflate(IntPtr stream, int flush);

    [DllImport(Library, EntryPoint = "inflateReset")]
    public static extern int InflateReset(IntPtr stream);

    [DllImport(Library, EntryPoint = "inflateEnd")]
    public static extern int InflateEnd(IntPtr stream);
}
