namespace BuildFarm.Cli.Approvals;

/// <summary>A decision taken on this machine for a manual approval that <c>farm run</c> met.</summary>
public sealed record ApprovalAnswer(bool Approved, string Comment);

/// <summary>
/// Asks on a terminal: <c>approve STAGE/ACTION? [y/N/comment]</c>. <c>y</c> approves; <c>n</c> or an empty line
/// rejects (the default); any other line is a comment, kept for the decision, and the question is asked again.
/// The end of the input rejects, saying so.
/// </summary>
public static class ApprovalPrompt
{
    public static ApprovalAnswer Ask(TextReader input, TextWriter output, WaitingApproval approval)
    {
        output.WriteLine();
        output.WriteLine($"{approval.Address} waits for a manual approval" + (approval.Summary.Length > 0 ? $": {approval.Summary}" : ""));
        if (approval.Url.Length > 0) output.WriteLine($"  {approval.Url}");
        var comment = "";
        while (true)
        {
            output.Write(comment.Length == 0 ? $"approve {approval.Address}? [y/N/comment] " : $"approve {approval.Address} with comment '{comment}'? [y/N/comment] ");
            output.Flush();
            var line = input.ReadLine();
            if (line is null) return new ApprovalAnswer(false, Joined(comment, "no answer: standard input ended"));
            switch (line.Trim().ToLowerInvariant())
            {
                case "y" or "yes":
                    return new ApprovalAnswer(true, comment);
                case "" or "n" or "no":
                    return new ApprovalAnswer(false, comment);
                default:
                    comment = line.Trim();
                    break;
            }
        }
    }

    private static string Joined(string comment, string note) => comment.Length == 0 ? note : $"{comment} ({note})";
}
