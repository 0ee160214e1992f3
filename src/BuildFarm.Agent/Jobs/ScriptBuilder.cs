using System.Text;
using System.Text.RegularExpressions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// The shell script of a Commands job: stop at the first failing command, and after the last command the declared
/// output variables written NUL-separated to $FARM_VARIABLES_FILE. Stdout and stderr are already one pipe.
/// </summary>
internal static partial class ScriptBuilder
{
    public const string VariablesFileVariable = "FARM_VARIABLES_FILE";

    public static string Build(IReadOnlyList<string> commands, IReadOnlyList<string> outputVariables)
    {
        foreach (var name in outputVariables)
            if (!ShellName().IsMatch(name))
                throw new JobFailureException(ErrorKind.ConfigurationError,
                    $"output variable '{name}' is not a shell variable name (letters, digits and '_', not starting with a digit)");

        var script = new StringBuilder("set -e\n");
        foreach (var command in commands) script.Append(command).Append('\n');
        foreach (var name in outputVariables)
            script.Append($"printf '%s=%s\\000' {name} \"${{{name}-}}\" >> \"${VariablesFileVariable}\"\n");
        return script.ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ShellName();
}
