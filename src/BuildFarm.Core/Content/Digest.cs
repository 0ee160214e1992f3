using System.Buffers;
using System.Security.Cryptography;

namespace BuildFarm.Core.Content;

/// <summary>The identity of a blob: lowercase hex SHA-256 of its bytes, and their length.</summary>
public readonly record struct Digest(string Hash, long SizeBytes)
{
    public static readonly Digest Empty = Of([]);

    public static Digest Of(ReadOnlySpan<byte> bytes) => new(Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);

    /// <summary>Hashes a whole stream (reads it to the end).</summary>
    public static async Task<Digest> OfAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        long size = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new Digest(Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    /// <summary>Checks the form of a digest that came from outside: 64 lowercase hex characters and a size of 0 or more.</summary>
    public static bool IsWellFormed(string? hash, long sizeBytes) =>
        hash is { Length: 64 } && sizeBytes >= 0 && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public override string ToString() => $"{Hash}/{SizeBytes}";

    /// <summary>Parses the <c>hash/size</c> form that <see cref="ToString"/> writes.</summary>
    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        var slash = text?.IndexOf('/') ?? -1;
        if (slash < 0 || !long.TryParse(text.AsSpan(slash + 1), out var size) || !IsWellFormed(text![..slash], size))
            return false;
        digest = new Digest(text[..slash], size);
        return true;
    }
}
