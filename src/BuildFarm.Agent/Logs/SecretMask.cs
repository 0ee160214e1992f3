using System.Text;

namespace BuildFarm.Agent.Logs;

/// <summary>
/// Replaces every occurrence of a secret value in a byte stream with <c>***</c>, as CodeBuild masks its logs. Writes
/// arrive in arbitrary pieces, so the end of a piece that could be the start of a secret is held back until the next
/// piece (or the end) shows whether it is one.
/// </summary>
internal sealed class SecretMask
{
    public static readonly byte[] Replacement = "***"u8.ToArray();

    // Longest first: a secret that contains another is replaced whole.
    private readonly List<byte[]> secrets = [];
    private byte[] held = [];

    public bool IsEmpty => secrets.Count == 0;

    public void Add(string value)
    {
        if (string.IsNullOrEmpty(value)) return;
        var bytes = Encoding.UTF8.GetBytes(value);
        if (secrets.Any(s => s.AsSpan().SequenceEqual(bytes))) return;
        secrets.Add(bytes);
        secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
    }

    /// <summary>The bytes of <paramref name="data"/> (after what was held back) that are safe to ship, masked.</summary>
    public byte[] Process(ReadOnlySpan<byte> data)
    {
        if (secrets.Count == 0 && held.Length == 0) return data.ToArray();
        return Mask(held.Length == 0 ? data.ToArray() : [.. held, .. data], final: false);
    }

    /// <summary>
    /// Masks <paramref name="input"/> and keeps back its end while it could still grow into a secret (unless
    /// <paramref name="final"/>): a whole short secret waits too when a longer one may start with it.
    /// </summary>
    private byte[] Mask(byte[] input, bool final)
    {
        var output = new MemoryStream(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            if (!final && MayStartAt(input, i)) break;
            if (MatchAt(input, i) is { } secret)
            {
                output.Write(Replacement);
                i += secret.Length;
            }
            else output.WriteByte(input[i++]);
        }
        held = input[i..];
        return output.ToArray();
    }

    private byte[]? MatchAt(byte[] input, int at)
    {
        foreach (var secret in secrets)
            if (input.AsSpan(at).StartsWith(secret)) return secret;
        return null;
    }

    /// <summary>The input from <paramref name="at"/> to its end is the beginning of a secret: the next piece decides.</summary>
    private bool MayStartAt(byte[] input, int at)
    {
        var rest = input.AsSpan(at);
        foreach (var secret in secrets)
            if (secret.Length > rest.Length && secret.AsSpan().StartsWith(rest)) return true;
        return false;
    }

    /// <summary>A whole text (a result's message or output variable) with every secret in it masked.</summary>
    public string Text(string text)
    {
        foreach (var secret in secrets) text = text.Replace(Encoding.UTF8.GetString(secret), "***", StringComparison.Ordinal);
        return text;
    }

    /// <summary>At the end of the stream: what was held back, masked where it holds a whole secret.</summary>
    public byte[] Flush() => held.Length == 0 ? [] : Mask(held, final: true);
}
