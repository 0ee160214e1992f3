using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Grains.Triggers;

/// <summary>
/// Execution ids derived from what triggered them (pipeline, trigger, change or slot): delivering the same event twice
/// (a poll and a webhook, a reminder that fires twice, a retry after a crash) names the same execution, which starts once.
/// </summary>
public static class TriggeredExecutionIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string For(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return "ex-" + new string(hash.Take(10).Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }
}
