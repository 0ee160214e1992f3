using System.Text.RegularExpressions;
using BuildFarm.Core.Content;
using BuildFarm.Core.Definitions.Documents;

namespace BuildFarm.Core.Buildspec;

/// <summary>
/// The <c>batch</c> section. Settings that choose CodeBuild's machines (compute-type, image, type, privileged-mode, fleet)
/// are refused: here the action's labels choose the agents. debug-session is refused too (no session debugging).
/// </summary>
public static partial class BuildspecParser
{
    private static readonly string[] BatchKeys = ["fast-fail", "build-list", "build-graph", "build-matrix", "build-fanout"];
    private static readonly string[] TaskKeys = ["identifier", "buildspec", "env", "ignore-failure", "depend-on", "debug-session"];
    private static readonly string[] BuildEnvKeys = ["variables", "compute-type", "image", "privileged-mode", "type", "fleet"];
    private static readonly string[] MatrixKeys = ["static", "dynamic"];
    private static readonly string[] MatrixStaticKeys = ["ignore-failure", "env", "debug-session"];
    private static readonly string[] MatrixDynamicKeys = ["buildspec", "env"];
    private static readonly string[] FanoutKeys = ["parallelism", "ignore-failure"];

    private const string MachineChoice =
        "is not supported: agents are chosen by the action's labels (labels: {size: large}), there are no compute types or images to pick";

    private static BuildspecBatch? Batch(DocumentNode node, BuildspecNodes nodes)
    {
        var fastFail = false;
        BuildspecBatch? batch = null;
        var kinds = new List<string>();
        foreach (var (key, _, value) in nodes.Map(node, "batch", BatchKeys))
        {
            var path = $"batch.{key}";
            switch (key)
            {
                case "fast-fail":
                    fastFail = nodes.YesNo(value, path);
                    break;
                case "build-list":
                case "build-graph":
                    kinds.Add(key);
                    batch = TaskBatch(value, path, key == "build-graph" ? BatchKind.BuildGraph : BatchKind.BuildList, nodes);
                    break;
                case "build-matrix":
                    kinds.Add(key);
                    batch = MatrixBatch(value, path, nodes);
                    break;
                case "build-fanout":
                    kinds.Add(key);
                    batch = FanoutBatch(value, path, nodes);
                    break;
            }
        }
        if (node is MapNode && kinds.Count == 0)
            nodes.Add("batch", "a batch needs one of build-list, build-graph, build-matrix or build-fanout");
        if (kinds.Count > 1) nodes.Add("batch", $"has {string.Join(" and ", kinds)}; a batch is one of them");
        return batch is null ? null : batch with { FastFail = fastFail };
    }

    private static BuildspecBatch TaskBatch(DocumentNode node, string path, BatchKind kind, BuildspecNodes nodes)
    {
        var tasks = new List<BatchTask>();
        if (node is not ListNode list)
        {
            nodes.Add(path, $"expected a list of builds, found {node.Describe()}");
            return new BuildspecBatch { Kind = kind };
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (Task(list.Items[i], itemPath, kind, nodes) is not { } task) continue;
            if (!seen.TryAdd(task.Identifier, i))
                nodes.Add($"{itemPath}.identifier", $"identifier '{task.Identifier}' is used twice (first at {path}[{seen[task.Identifier]}])");
            else tasks.Add(task);
        }
        if (list.Items.Count == 0) nodes.Add(path, "the batch lists no builds");
        if (list.Items.Count > BuildspecBatch.MaxBuilds)
            nodes.Add(path, $"the batch lists {list.Items.Count} builds; at most {BuildspecBatch.MaxBuilds}");
        if (kind == BatchKind.BuildGraph) CheckGraph(tasks, path, nodes);
        return new BuildspecBatch { Kind = kind, Tasks = tasks };
    }

    private static BatchTask? Task(DocumentNode node, string path, BatchKind kind, BuildspecNodes nodes)
    {
        string? identifier = null;
        var task = new BatchTask { Identifier = "" };
        foreach (var (key, _, value) in nodes.Map(node, path, TaskKeys))
        {
            var keyPath = $"{path}.{key}";
            switch (key)
            {
                case "identifier":
                    identifier = nodes.Scalar(value, keyPath);
                    if (identifier is not null && IdentifierProblem(identifier) is { } problem)
                    {
                        nodes.Add(keyPath, problem);
                        identifier = null;
                    }
                    break;
                case "buildspec":
                    task = task with { Buildspec = ChildBuildspec(value, keyPath, nodes) };
                    break;
                case "env":
                    task = task with { Variables = BuildEnv(value, keyPath, nodes) };
                    break;
                case "ignore-failure":
                    task = task with { IgnoreFailure = nodes.YesNo(value, keyPath) };
                    break;
                case "depend-on":
                    if (kind != BatchKind.BuildGraph) nodes.Add(keyPath, "depend-on belongs to build-graph; use build-graph for builds that wait for others");
                    else task = task with { DependOn = nodes.Strings(value, keyPath, "build identifier").Distinct().ToList() };
                    break;
                case "debug-session":
                    DebugSession(value, keyPath, nodes);
                    break;
            }
        }
        if (node is MapNode && identifier is null && nodes.Problems.All(p => p.Path != $"{path}.identifier"))
            nodes.Add(path, "'identifier' is required: a name for this build (letters, digits, '-' and '_')");
        return identifier is null ? null : task with { Identifier = identifier };
    }

    /// <summary>Every depend-on names another build of the graph, and the graph has no cycle.</summary>
    private static void CheckGraph(IReadOnlyList<BatchTask> tasks, string path, BuildspecNodes nodes)
    {
        var index = tasks.Select((t, i) => (t.Identifier, i)).ToDictionary(x => x.Identifier, x => x.i, StringComparer.Ordinal);
        var broken = false;
        for (var i = 0; i < tasks.Count; i++)
            foreach (var dependency in tasks[i].DependOn)
            {
                if (dependency == tasks[i].Identifier) nodes.Add($"{path}[{i}].depend-on", $"build '{dependency}' cannot depend on itself");
                else if (!index.ContainsKey(dependency))
                    nodes.Add($"{path}[{i}].depend-on", $"'{dependency}' is not a build of this batch (builds: {string.Join(", ", index.Keys)})");
                else continue;
                broken = true;
            }
        if (broken) return;
        if (BuildGraph.FindCycle(tasks) is { } cycle)
            nodes.Add(path, $"the builds depend on each other in a cycle: {string.Join(" -> ", cycle)}");
    }

    private static BuildspecBatch MatrixBatch(DocumentNode node, string path, BuildspecNodes nodes)
    {
        var matrix = new BatchMatrix();
        var ignoreFailure = false;
        var hasDynamic = false;
        foreach (var (key, _, value) in nodes.Map(node, path, MatrixKeys))
        {
            var keyPath = $"{path}.{key}";
            if (key == "static")
            {
                foreach (var (staticKey, _, staticValue) in nodes.Map(value, keyPath, MatrixStaticKeys))
                {
                    var staticPath = $"{keyPath}.{staticKey}";
                    if (staticKey == "ignore-failure") ignoreFailure = nodes.YesNo(staticValue, staticPath);
                    else if (staticKey == "env") matrix = matrix with { StaticVariables = BuildEnv(staticValue, staticPath, nodes) };
                    else DebugSession(staticValue, staticPath, nodes);
                }
                continue;
            }
            hasDynamic = true;
            matrix = Dynamic(value, keyPath, matrix, nodes);
        }
        if (node is MapNode && !hasDynamic)
            nodes.Add(path, "'dynamic' is required: the buildspecs and variable values whose combinations the matrix builds");
        else if (hasDynamic && matrix.Buildspecs.Count == 0 && matrix.Variables.Count == 0)
            nodes.Add($"{path}.dynamic", "give 'buildspec' (a list of buildspecs) or 'env.variables' (lists of values) to build combinations of");
        if (matrix.Size > BuildspecBatch.MaxBuilds)
            nodes.Add(path, $"the matrix makes {matrix.Size} builds; at most {BuildspecBatch.MaxBuilds}");
        return new BuildspecBatch { Kind = BatchKind.BuildMatrix, Matrix = matrix, IgnoreFailure = ignoreFailure };
    }

    private static BatchMatrix Dynamic(DocumentNode node, string path, BatchMatrix matrix, BuildspecNodes nodes)
    {
        foreach (var (key, _, value) in nodes.Map(node, path, MatrixDynamicKeys))
        {
            var keyPath = $"{path}.{key}";
            if (key == "buildspec")
            {
                var buildspecs = nodes.Strings(value, keyPath, "buildspec");
                var checkedBuildspecs = new List<string>();
                for (var i = 0; i < buildspecs.Count; i++)
                    if (ChildBuildspec(buildspecs[i], $"{keyPath}[{i}]", nodes) is { } checkedOne)
                        checkedBuildspecs.Add(checkedOne);
                matrix = matrix with { Buildspecs = checkedBuildspecs };
                continue;
            }
            var dimensions = new List<MatrixVariable>();
            foreach (var (envKey, _, envValue) in nodes.Map(value, keyPath, BuildEnvKeys))
            {
                var envPath = $"{keyPath}.{envKey}";
                if (envKey != "variables")
                {
                    nodes.Add(envPath, MachineChoice);
                    continue;
                }
                foreach (var entry in nodes.Map(envValue, envPath))
                {
                    var variablePath = $"{envPath}.{entry.Key}";
                    if (VariableNameProblem(entry.Key) is { } problem)
                    {
                        nodes.Add(variablePath, problem);
                        continue;
                    }
                    var values = nodes.Strings(entry.Value, variablePath, "value");
                    if (values.Count == 0) nodes.Add(variablePath, "give at least one value");
                    else dimensions.Add(new MatrixVariable(entry.Key, values.Distinct().ToList()));
                }
            }
            matrix = matrix with { Variables = dimensions };
        }
        return matrix;
    }

    private static BuildspecBatch FanoutBatch(DocumentNode node, string path, BuildspecNodes nodes)
    {
        var parallelism = 0;
        var ignoreFailure = false;
        foreach (var (key, _, value) in nodes.Map(node, path, FanoutKeys))
        {
            var keyPath = $"{path}.{key}";
            if (key == "ignore-failure")
            {
                ignoreFailure = nodes.YesNo(value, keyPath);
                continue;
            }
            var text = nodes.Scalar(value, keyPath);
            if (text is null) continue;
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out parallelism)
                || parallelism is < 1 or > BuildspecBatch.MaxBuilds)
            {
                nodes.Add(keyPath, $"'{text}' is not a number of builds; use 1 to {BuildspecBatch.MaxBuilds}");
                parallelism = 0;
            }
        }
        if (node is MapNode && parallelism == 0 && nodes.Problems.All(p => p.Path != $"{path}.parallelism"))
            nodes.Add(path, $"'parallelism' is required: how many builds share the tests (1 to {BuildspecBatch.MaxBuilds})");
        return new BuildspecBatch { Kind = BatchKind.BuildFanout, Parallelism = parallelism, IgnoreFailure = ignoreFailure };
    }

    /// <summary>A build's env: its variables; the machine choices are refused.</summary>
    private static IReadOnlyDictionary<string, string> BuildEnv(DocumentNode node, string path, BuildspecNodes nodes)
    {
        IReadOnlyDictionary<string, string> variables = new Dictionary<string, string>();
        foreach (var (key, _, value) in nodes.Map(node, path, BuildEnvKeys))
        {
            if (key == "variables") variables = Variables(value, $"{path}.{key}", nodes);
            else nodes.Add($"{path}.{key}", MachineChoice);
        }
        return variables;
    }

    /// <summary>A build's own buildspec: a path in the primary source, or inline YAML (checked here, and never a batch itself).</summary>
    private static string? ChildBuildspec(DocumentNode node, string path, BuildspecNodes nodes) =>
        nodes.Scalar(node, path) is { } text ? ChildBuildspec(text, path, nodes) : null;

    private static string? ChildBuildspec(string text, string path, BuildspecNodes nodes)
    {
        if (!BuildspecConfiguration.IsInline(text))
        {
            var file = text.Trim();
            if (TreePath.Check(file) is { } problem)
            {
                nodes.Add(path, $"{problem}; give a path inside the primary source, or inline YAML");
                return null;
            }
            return file;
        }
        var parsed = Parse(text);
        foreach (var problem in parsed.Problems) nodes.Add(path, problem.ToString());
        if (parsed.Buildspec?.Batch is not null) nodes.Add(path, "a build of a batch cannot have a batch of its own; leave 'batch' out of its buildspec");
        return text;
    }

    private static void DebugSession(DocumentNode node, string path, BuildspecNodes nodes)
    {
        if (nodes.YesNo(node, path)) nodes.Add(path, "'true' is not supported: agents offer no session debugging; leave it out or say false");
    }

    /// <summary>Build identifiers name a job, a log and a folder of the combined artifact.</summary>
    public static string? IdentifierProblem(string identifier) =>
        IdentifierPattern().IsMatch(identifier) ? null
            : $"'{identifier}' is not a build identifier: use 1 to 64 characters from A-Z a-z 0-9 - _, starting with a letter or digit";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}\z")]
    private static partial Regex IdentifierPattern();
}
