namespace BuildFarm.Core.Definitions;

/// <summary>One problem in a declaration: the path of the field (<c>stages[2].actions[0].inputArtifacts[0]</c>) and what is wrong.</summary>
public sealed record Problem(string Path, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}
