namespace BuildFarm.Core.Definitions.Validation;

internal sealed class ProblemList
{
    private readonly List<Problem> _problems = [];

    public IReadOnlyList<Problem> Items => _problems;

    public void Add(string path, string message) => _problems.Add(new Problem(path, message));

    /// <summary>Adds the message when there is one (rules that answer "null when fine").</summary>
    public void AddIf(string path, string? message)
    {
        if (message is not null) Add(path, message);
    }
}
