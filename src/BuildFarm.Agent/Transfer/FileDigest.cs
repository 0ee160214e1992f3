using System.Buffers;
using System.Security.Cryptography;
using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Transfer;

/// <summary>
/// A file's digest from plain synchronous reads: a file of up to 1 MiB (most of an artifact's) is read whole and hashed in
/// one call, a larger one in 1 MiB steps. Outputs are hashed on every upload, a repeated one included, so this is most
/// of what an unchanged artifact costs.
/// </summary>
internal static class FileDigest
{
    private const int Step = 1024 * 1024;

    public static Digest Of(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(Step);
        try
        {
            var first = Fill(file, buffer, 0);
            if (first < Step) return new Digest(Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, first))), first);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            for (var read = first; read > 0; read = Fill(file, buffer, size))
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }
            return new Digest(Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads up to a step from <paramref name="offset"/>; less only at the end of the file.</summary>
    private static int Fill(Microsoft.Win32.SafeHandles.SafeFileHandle file, byte[] buffer, long offset)
    {
        var filled = 0;
        while (filled < Step)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(filled, Step - filled), offset + filled);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }
}
