namespace BuildFarm.Agent.Transfer;

/// <summary>Artifacts keep one bit of a file's mode: executable (0755) or not (0644).</summary>
internal static class FileModes
{
    public const int Executable = 0x1ED; // 0755
    public const int Regular = 0x1A4;    // 0644

    public static int Normalize(int mode) => (mode & 0x49) != 0 ? Executable : Regular;

    public static int Of(string path) => Normalize((int)File.GetUnixFileMode(path));
}
