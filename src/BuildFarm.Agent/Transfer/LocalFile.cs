namespace BuildFarm.Agent.Transfer;

/// <summary>A file on this machine that goes into an artifact at <paramref name="RelativePath"/>.</summary>
internal sealed record LocalFile(string RelativePath, string FullPath, int Mode);
