namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// Runs each buildspec command in its own shell process, yet as if all ran in one shell (buildspec 0.2): a wrapper
/// restores the variables and the directory the previous command left, sources the command, and on exit (also a
/// failing one, also <c>exit N</c>) saves them again. With bash every shell variable carries over (exported or not);
/// with /bin/sh the exported ones. Functions and shell options do not.
/// </summary>
internal sealed class CommandShell
{
    public const string StateVariable = "FARM_BUILDSPEC_STATE";
    public const string DirectoryVariable = "FARM_BUILDSPEC_DIRECTORY";
    public const string CommandVariable = "FARM_BUILDSPEC_COMMAND";

    /// <summary>Bash's own variables (and the agent's), which must not be restored into the next command's shell.</summary>
    private const string BashSkipped =
        "BASH*|FUNCNAME|GROUPS|DIRSTACK|PIPESTATUS|LINENO|RANDOM|SRANDOM|SECONDS|EPOCHREALTIME|EPOCHSECONDS|HISTCMD|PPID|UID|EUID|" +
        "SHLVL|SHELLOPTS|_|PWD|OLDPWD|COMP_WORDBREAKS|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE|OPTIND|OPTARG|OPTERR|IFS|PS1|PS2|PS4|" +
        "COLUMNS|LINES|HISTFILE|HISTFILESIZE|HISTSIZE|MAILCHECK|__farm_*|FARM_BUILDSPEC_*|CODEBUILD_BUILD_SUCCEEDING";

    private const string BashWrapper = $$"""
        if [ -f "${{{StateVariable}}}" ]; then . "${{{StateVariable}}}" >/dev/null 2>&1; fi
        __farm_save() {
          __farm_status=$?
          pwd > "${{{DirectoryVariable}}}" 2>/dev/null
          __farm_names=()
          for __farm_name in $(compgen -v); do
            case $__farm_name in {{BashSkipped}}) ;; *) __farm_names+=("$__farm_name") ;; esac
          done
          declare -p "${__farm_names[@]}" > "${{{StateVariable}}}.new" 2>/dev/null && mv -f "${{{StateVariable}}}.new" "${{{StateVariable}}}"
          exit $__farm_status
        }
        trap __farm_save EXIT
        . "${{{CommandVariable}}}"

        """;

    private const string ShWrapper = $$"""
        if [ -f "${{{StateVariable}}}" ]; then . "${{{StateVariable}}}" >/dev/null 2>&1; fi
        __farm_save() {
          __farm_status=$?
          pwd > "${{{DirectoryVariable}}}" 2>/dev/null
          unset CODEBUILD_BUILD_SUCCEEDING
          export -p | grep -v "^export FARM_BUILDSPEC_" > "${{{StateVariable}}}.new" 2>/dev/null && mv -f "${{{StateVariable}}}.new" "${{{StateVariable}}}"
          exit $__farm_status
        }
        trap __farm_save EXIT
        . "${{{CommandVariable}}}"

        """;

    private readonly string folder;
    private int commands;

    public CommandShell(string folder, string shell)
    {
        this.folder = folder;
        IsBash = shell is "bash" or "/bin/bash";
        Program = IsBash ? "bash" : "/bin/sh";
        Directory.CreateDirectory(folder);
        File.WriteAllText(WrapperFile, IsBash ? BashWrapper : ShWrapper);
    }

    public bool IsBash { get; }
    public string Program { get; }
    public string WrapperFile => Path.Combine(folder, "wrapper.sh");
    public string StateFile => Path.Combine(folder, "state.sh");
    public string DirectoryFile => Path.Combine(folder, "directory");

    /// <summary>Writes the command to its own file; answers the environment entries that make the wrapper run it.</summary>
    public Dictionary<string, string> Prepare(string command)
    {
        var file = Path.Combine(folder, $"command-{++commands}.sh");
        File.WriteAllText(file, command + "\n");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StateVariable] = StateFile,
            [DirectoryVariable] = DirectoryFile,
            [CommandVariable] = file,
        };
    }

    /// <summary>Where the last command left the shell, when that directory still exists.</summary>
    public string? LastDirectory()
    {
        if (!File.Exists(DirectoryFile)) return null;
        var directory = File.ReadAllText(DirectoryFile).TrimEnd('\n');
        return directory.Length > 0 && Directory.Exists(directory) ? directory : null;
    }
}
