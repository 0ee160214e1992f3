using BuildFarm.Api.V1;
using Google.Protobuf.WellKnownTypes;

namespace BuildFarm.Cli.Tests;

/// <summary>
/// The snapshots a watcher sees of one execution: stage Build with Compile (succeeds on agent-1) and Test (fails with
/// exit code 2 on agent-2), one snapshot per revision.
/// </summary>
public static class Snapshots
{
    public const string ExecutionId = "e-1";
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static Timestamp At(double seconds) => Timestamp.FromDateTimeOffset(T0.AddSeconds(seconds));

    public static IReadOnlyList<Execution> FailingBuild()
    {
        var r1 = Execution(1, "InProgress");
        var build = Stage(r1, "Build", "InProgress", started: 0);
        Action(build, "Compile", "Queued").Attempts.Add(new ActionAttempt { Number = 1, Status = "Queued", QueuedAt = At(0) });
        Action(build, "Test", "Pending");

        var r2 = r1.Clone();
        r2.Revision = 2;
        var compile = r2.Stages[0].Actions[0];
        compile.Status = "InProgress";
        compile.Attempts[0].Status = "InProgress";
        compile.Attempts[0].StartedAt = At(0.1);
        compile.Attempts[0].AgentName = "agent-1";

        var r3 = r2.Clone();
        r3.Revision = 3;
        compile = r3.Stages[0].Actions[0];
        compile.Status = "Succeeded";
        compile.Attempts[0].Status = "Succeeded";
        compile.Attempts[0].FinishedAt = At(1.3);
        var test = r3.Stages[0].Actions[1];
        test.Status = "InProgress";
        test.Attempts.Add(new ActionAttempt { Number = 1, Status = "InProgress", AgentName = "agent-2", QueuedAt = At(1.3), StartedAt = At(1.4) });

        var r4 = r3.Clone();
        r4.Revision = 4;
        test = r4.Stages[0].Actions[1];
        test.Status = "Failed";
        test.Attempts[0].Status = "Failed";
        test.Attempts[0].FinishedAt = At(1.9);
        test.Attempts[0].ExitCode = 2;
        test.Attempts[0].ErrorKind = "CommandFailed";
        test.Attempts[0].Message = "tests failed";
        r4.Stages[0].Status = "Failed";
        r4.Stages[0].FinishedAt = At(2);
        r4.Status = "Failed";
        r4.StatusSummary = "Build/Test failed";
        r4.FinishedAt = At(2);
        return [r1, r2, r3, r4];
    }

    /// <summary>The lines a watcher prints for <see cref="FailingBuild"/>, without their clock times.</summary>
    public static readonly string[] FailingBuildLines =
    [
        "execution e-1  InProgress  demo version 3",
        "Build  InProgress",
        "Build/Compile  Queued",
        "Build/Compile  InProgress  on agent-1",
        "Build/Compile  Succeeded (1.2s)",
        "Build/Test  InProgress  on agent-2",
        "Build/Test  Failed (500ms): exit code 2: tests failed",
        "Build  Failed (2.0s)",
        "execution e-1  Failed (2.0s): Build/Test failed",
    ];

    private static Execution Execution(long revision, string status) => new()
    {
        ExecutionId = ExecutionId, Pipeline = "demo", PipelineVersion = 3, Status = status, Trigger = "manual",
        CreatedAt = At(0), StartedAt = At(0), Revision = revision,
    };

    private static StageExecution Stage(Execution execution, string name, string status, double started)
    {
        var stage = new StageExecution { Name = name, Status = status, StartedAt = At(started) };
        execution.Stages.Add(stage);
        return stage;
    }

    private static ActionExecution Action(StageExecution stage, string name, string status)
    {
        var action = new ActionExecution { Name = name, Category = "Build", Provider = "Commands", RunOrder = 1, Status = status };
        stage.Actions.Add(action);
        return action;
    }
}
