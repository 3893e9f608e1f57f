using System.Text;
using Microsoft.Win32.SafeHandles;
using Mono.Unix;
using Mono.Unix.Native;

namespace Tremolo.Config.Loading;

/// <summary>
/// Files the config names are read only when they are regular files of bounded size: a device
/// (/dev/zero), a FIFO or a socket would read forever or hang. The file is opened without
/// blocking and checked through its open handle, so what is checked is what is read.
/// </summary>
internal static class RegularFile
{
    /// <summary>Why <paramref name="fullPath"/> cannot be used as a file of the config, or null when it can.</summary>
    public static string? Problem(string fullPath, long maxBytes)
    {
        using var handle = Open(fullPath, maxBytes, out var problem, out _);
        return problem;
    }

    /// <summary>The file's text (UTF-8, a BOM honoured), or null with <paramref name="problem"/> said.</summary>
    internal static string? ReadText(string fullPath, LoadBudget budget, out string problem)
    {
        using var handle = Open(fullPath, ConfigLimits.MaxFileBytes, out var opened, out var size);
        if (handle is null)
        {
            problem = opened!;
            return null;
        }

        if (budget.Bytes + size > ConfigLimits.MaxTotalBytes)
        {
            problem = $"the files of this config together are larger than {ConfigLimits.MaxTotalBytes / (1024 * 1024)} MiB";
            return null;
        }

        // The file may have grown since fstat: never read past the limit.
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        var buffer = new byte[Math.Min(size, ConfigLimits.MaxFileBytes) + 1];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (length > ConfigLimits.MaxFileBytes)
        {
            problem = TooLarge(ConfigLimits.MaxFileBytes);
            return null;
        }

        budget.Bytes += length;
        problem = "";
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static SafeFileHandle? Open(string fullPath, long maxBytes, out string? problem, out long size)
    {
        size = 0;
        var fd = Syscall.open(fullPath, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            problem = $"cannot be read: {UnixMarshal.GetErrorDescription(Stdlib.GetLastError())}";
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Syscall.fstat(fd, out var status) != 0)
        {
            problem = $"cannot be read: {UnixMarshal.GetErrorDescription(Stdlib.GetLastError())}";
        }
        else if ((status.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFREG)
        {
            problem = "is not a regular file (a folder, device, FIFO or socket)";
        }
        else if (status.st_size > maxBytes)
        {
            problem = TooLarge(maxBytes);
        }
        else
        {
            problem = null;
            size = status.st_size;
            return handle;
        }

        handle.Dispose();
        return null;
    }

    private static string TooLarge(long maxBytes) => $"is larger than {maxBytes / (1024 * 1024)} MiB";
}
