using System.Diagnostics;

namespace BuildFarm.Git;

/// <summary>
/// Runs the <c>git</c> command. It never prompts (a missing credential fails at once), speaks English (messages can
/// be shown as they are), and is killed with its children when cancelled or past its time limit.
/// </summary>
public static class GitCli
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(10);

    public static async Task<GitResult> RunAsync(
        IReadOnlyList<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? limit = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new GitException("could not start git");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(limit ?? DefaultLimit);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new GitException($"git {Describe(arguments)} did not finish within {(limit ?? DefaultLimit).TotalSeconds:0} s");
        }
        return new GitResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs git and fails with git's own message when it exits non-zero.</summary>
    public static async Task<string> OutputAsync(
        IReadOnlyList<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(arguments, workingDirectory, environment, cancellationToken: cancellationToken);
        return result.Succeeded ? result.Output : throw new GitException($"git {Describe(arguments)} failed (exit code {result.ExitCode}): {result.ErrorTail}");
    }

    /// <summary>The command without its URL arguments' user info, for messages.</summary>
    public static string Describe(IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.Where(a => !a.StartsWith("-c", StringComparison.Ordinal)).Take(4).Select(GitCredentials.RedactUrl));
}
