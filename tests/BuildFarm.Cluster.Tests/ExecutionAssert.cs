using BuildFarm.Api.V1;

namespace BuildFarm.Cluster.Tests;

public static class ExecutionAssert
{
    /// <summary>The execution succeeded, and so did every action, each in exactly one attempt that ran exactly once.</summary>
    public static void SucceededOnce(Execution execution, string scratch)
    {
        Assert.True(execution.Status == "Succeeded", $"execution {execution.ExecutionId} ended {execution.Status}: {execution.StatusSummary}");
        foreach (var stage in execution.Stages)
        {
            Assert.Equal("Succeeded", stage.Status);
            foreach (var action in stage.Actions)
            {
                var where = $"{stage.Name}/{action.Name}";
                Assert.True(action.Status == "Succeeded", $"{where} ended {action.Status}");
                Assert.True(action.Attempts.Count == 1, $"{where} has {action.Attempts.Count} attempts: " +
                    string.Join("; ", action.Attempts.Select(a => $"{a.Number} {a.Status} {a.ErrorKind} on {a.AgentName}: {a.Message}")));
                Assert.Equal("Succeeded", action.Attempts[0].Status);
                Assert.True(Pipelines.Runs(scratch, action.Name) == 1, $"{where} ran {Pipelines.Runs(scratch, action.Name)} times");
            }
        }
    }

    /// <summary>
    /// After a node's death: every action succeeded and ran exactly once. A lease granted in the instant the node died
    /// may never have reached its agent; such an attempt expires and the action is dispatched again, but its commands
    /// never ran, so an extra attempt is allowed only as a LeaseExpired one.
    /// </summary>
    public static void SucceededRunningEachActionOnce(Execution execution, string scratch)
    {
        Assert.True(execution.Status == "Succeeded", $"execution {execution.ExecutionId} ended {execution.Status}: {execution.StatusSummary}");
        foreach (var (stage, action) in execution.Stages.SelectMany(s => s.Actions.Select(a => (s, a))))
        {
            var where = $"{stage.Name}/{action.Name}";
            Assert.True(action.Status == "Succeeded", $"{where} ended {action.Status}");
            Assert.Equal("Succeeded", action.Attempts[^1].Status);
            Assert.All(action.Attempts.SkipLast(1), a => Assert.Equal("LeaseExpired", a.ErrorKind));
            Assert.True(Pipelines.Runs(scratch, action.Name) == 1, $"{where} ran {Pipelines.Runs(scratch, action.Name)} times");
        }
    }
}
