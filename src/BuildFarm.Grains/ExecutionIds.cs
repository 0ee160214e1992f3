using System.Security.Cryptography;

namespace BuildFarm.Grains;

/// <summary>Execution ids: short, never all digits (string keys of digits collide with integer keys in Orleans' ADO.NET storage).</summary>
public static class ExecutionIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New() => "ex-" + RandomNumberGenerator.GetString(Alphabet, 10);
}
