using System.Globalization;
using System.Text;

namespace BuildFarm.Core.Content;

/// <summary>One file of an artifact tree. Mode is the Unix permission bits (0644, 0755).</summary>
public sealed record TreeEntry(string Path, Digest Digest, int Mode);

/// <summary>
/// An artifact: files by relative path. Its canonical encoding is itself a blob, and that blob's digest is the
/// artifact's identity. Encoding: a header line, then one line per file sorted by ordinal path:
/// <c>{mode:octal} {hash} {size} {path}\n</c>.
/// </summary>
public sealed class ArtifactTree
{
    private const string Header = "buildfarm-tree/1\n";

    public IReadOnlyList<TreeEntry> Entries { get; }

    private ArtifactTree(IReadOnlyList<TreeEntry> sortedEntries) => Entries = sortedEntries;

    public long TotalSize => Entries.Sum(e => e.Digest.SizeBytes);

    /// <summary>Builds a tree, refusing unsafe or duplicate paths.</summary>
    public static ArtifactTree Create(IEnumerable<TreeEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            if (TreePath.Check(sorted[i].Path) is { } problem) throw new InvalidTreeException(problem);
            if (i > 0 && sorted[i].Path == sorted[i - 1].Path) throw new InvalidTreeException($"'{sorted[i].Path}' appears twice");
            if (sorted[i].Mode is < 0 or > 0x1FF) throw new InvalidTreeException($"'{sorted[i].Path}' has mode {sorted[i].Mode}, outside 0..0777");
        }
        CheckFileVersusDirectory(sorted);
        return new ArtifactTree(sorted);
    }

    /// <summary>A file may not also be a directory of another entry ("a" and "a/b").</summary>
    private static void CheckFileVersusDirectory(List<TreeEntry> sorted)
    {
        var files = new HashSet<string>(sorted.Select(e => e.Path), StringComparer.Ordinal);
        foreach (var entry in sorted)
            for (var slash = entry.Path.IndexOf('/'); slash > 0; slash = entry.Path.IndexOf('/', slash + 1))
                if (files.Contains(entry.Path[..slash]))
                    throw new InvalidTreeException($"'{entry.Path[..slash]}' is a file and also a directory of '{entry.Path}'");
    }

    public byte[] Encode()
    {
        var text = new StringBuilder(Header, Header.Length + Entries.Count * 100);
        foreach (var e in Entries)
            text.Append(Convert.ToString(e.Mode, 8)).Append(' ')
                .Append(e.Digest.Hash).Append(' ')
                .Append(e.Digest.SizeBytes.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(e.Path).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public Digest ComputeDigest() => Digest.Of(Encode());

    /// <summary>Decodes a tree blob, checking every line and path (a tree from the store is still outside input).</summary>
    public static ArtifactTree Decode(ReadOnlySpan<byte> blob)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(blob);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidTreeException("the tree is not valid UTF-8");
        }
        if (!text.StartsWith(Header, StringComparison.Ordinal)) throw new InvalidTreeException("the blob is not an artifact tree (bad header)");
        var entries = new List<TreeEntry>();
        var lines = text[Header.Length..].Split('\n');
        if (lines[^1].Length != 0) throw new InvalidTreeException("the tree does not end with a newline");
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var parts = lines[i].Split(' ', 4);
            if (parts.Length != 4) throw new InvalidTreeException($"line {i + 2} of the tree is malformed");
            if (ParseOctal(parts[0]) is not { } mode) throw new InvalidTreeException($"line {i + 2} of the tree has a bad mode '{parts[0]}'");
            if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || !Digest.IsWellFormed(parts[1], size))
                throw new InvalidTreeException($"line {i + 2} of the tree has a bad digest");
            entries.Add(new TreeEntry(parts[3], new Digest(parts[1], size), mode));
        }
        var tree = Create(entries);
        if (!tree.Entries.Select(e => e.Path).SequenceEqual(entries.Select(e => e.Path), StringComparer.Ordinal))
            throw new InvalidTreeException("the tree's entries are not in canonical order");
        // Another spelling of the same entries would give one tree two identities.
        if (!tree.Encode().AsSpan().SequenceEqual(blob))
            throw new InvalidTreeException("the tree is not in canonical form (modes in octal and sizes in decimal, without leading zeros)");
        return tree;
    }

    /// <summary>A mode as written: 1 to 4 octal digits (Convert.ToInt32 would take a sign and throw other exceptions on outside input).</summary>
    private static int? ParseOctal(string text)
    {
        if (text.Length is 0 or > 4) return null;
        var value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7') return null;
            value = value * 8 + (c - '0');
        }
        return value;
    }
}

public sealed class InvalidTreeException(string message) : Exception(message);
