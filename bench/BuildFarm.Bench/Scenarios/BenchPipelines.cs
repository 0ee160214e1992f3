using BuildFarm.Api.V1;

namespace BuildFarm.Bench.Scenarios;

/// <summary>The pipelines the scenarios run, built as API declarations.</summary>
public static class BenchPipelines
{
    /// <summary>
    /// <paramref name="stages"/> stages of <paramref name="actionsPerStage"/> parallel actions that run <c>true</c> with
    /// <c>sh</c>: the command every baseline runs (<c>sh -c true</c>, Buildbot's step too), where the farm's default
    /// shell, bash, would add its own start-up (about 0.8 ms of CPU per job) to the farm's side only.
    /// </summary>
    public static PipelineDeclaration NoOps(string name, int stages, int actionsPerStage)
    {
        var pipeline = new PipelineDeclaration { Name = name, ExecutionMode = ExecutionMode.Queued };
        for (var s = 0; s < stages; s++)
        {
            var stage = new StageDeclaration { Name = $"S{s:D3}" };
            for (var a = 0; a < actionsPerStage; a++)
            {
                var action = Commands($"A{a:D4}", "true");
                action.Configuration["Shell"] = "sh";
                stage.Actions.Add(action);
            }
            pipeline.Stages.Add(stage);
        }
        return pipeline;
    }

    /// <summary>An action that always runs: the scenarios measure the farm running commands, so none is served from the action cache.</summary>
    public static ActionDeclaration Commands(string name, params string[] commands)
    {
        var action = new ActionDeclaration { Name = name, Category = "Build", Provider = "Commands", RunOrder = 1, Cache = false };
        action.Commands.Add(commands);
        return action;
    }
}
