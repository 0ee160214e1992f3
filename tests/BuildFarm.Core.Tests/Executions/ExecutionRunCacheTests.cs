using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

/// <summary>The action result cache as the execution sees it: lookups before queueing, hits, misses, records.</summary>
public sealed class ExecutionRunCacheTests
{
    private static ActionCacheEntry EntryFor(CacheLookup lookup, string fromExecution = "exec-0") => new()
    {
        Key = lookup.Key,
        Outputs = new Dictionary<string, Digest> { ["bin"] = RunDriver.DigestOf("cached bin") },
        OutputVariables = new Dictionary<string, string> { ["VERSION"] = "9.9" },
        ExecutionId = fromExecution,
        Stage = "Build",
        Action = "compile",
        Attempt = 1,
        RecordedAt = RunDriver.Start.AddDays(-1),
    };

    /// <summary>Source done, Build admitted: compile and lint are cacheable, so they are looked up instead of queued.</summary>
    private static (RunDriver Driver, ExecutionEffects Admitted) ToBuild()
    {
        var d = new RunDriver(cache: true);
        d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)));
        return (d, d.Run.StageAdmitted(1, d.Now));
    }

    [Fact]
    public void Cacheable_actions_are_looked_up_with_their_key_before_they_are_queued()
    {
        var (d, admitted) = ToBuild();
        Assert.Empty(admitted.Enqueue);
        Assert.Equal([RunDriver.JobId("Build", "compile"), RunDriver.JobId("Build", "lint")], admitted.CacheLookups.Select(l => l.JobId));
        Assert.All(admitted.CacheLookups, l => Assert.Equal(d.Run.FindAttempt(l.JobId)!.CacheKey, l.Key));
        Assert.NotEqual(admitted.CacheLookups[0].Key, admitted.CacheLookups[1].Key);
    }

    [Fact]
    public void A_hit_completes_the_attempt_with_the_cached_outputs_and_variables_and_a_miss_queues_it()
    {
        var (d, admitted) = ToBuild();
        var compile = admitted.CacheLookups[0];
        var lint = admitted.CacheLookups[1];
        var answered = d.Run.ApplyCacheAnswers([new CacheAnswer(compile.JobId, EntryFor(compile)), new CacheAnswer(lint.JobId, null)], d.Now);

        Assert.Equal([lint.JobId], RunDriver.Ids(answered));
        var action = d.Action("Build", "compile");
        Assert.Equal(ActionStatus.Succeeded, action.Status);
        Assert.Equal(RunDriver.DigestOf("cached bin"), Assert.Single(action.Outputs).Digest);
        Assert.Equal("9.9", action.OutputVariables["VERSION"]);
        var attempt = Assert.Single(action.Attempts);
        Assert.Equal(("exec-0", compile.Key), (attempt.CacheHit!.ExecutionId, attempt.CacheHit.Key));
        Assert.Null(attempt.AgentName);
        Assert.Empty(answered.CacheRecords); // a hit is not recorded again
    }

    [Fact]
    public void A_successful_run_records_its_result_under_its_key()
    {
        var (d, admitted) = ToBuild();
        var queued = d.Run.ApplyCacheAnswers(admitted.CacheLookups.Select(l => new CacheAnswer(l.JobId, null)).ToList(), d.Now);
        Assert.Equal(2, queued.Enqueue.Count);
        var job = d.Lease(RunDriver.JobId("Build", "compile"));
        var effects = d.Succeed(job, new Dictionary<string, string> { ["VERSION"] = "1.0" });
        var record = Assert.Single(effects.CacheRecords);
        Assert.Equal(admitted.CacheLookups[0].Key, record.Key);
        Assert.Equal(RunDriver.DigestOf("bin"), record.Outputs["bin"]);
        Assert.Equal("1.0", record.OutputVariables["VERSION"]);
        Assert.Equal(("exec-1", "Build", "compile", 1), (record.ExecutionId, record.Stage, record.Action, record.Attempt));
    }

    [Fact]
    public void An_entry_without_a_declared_output_is_a_miss()
    {
        var (d, admitted) = ToBuild();
        var compile = admitted.CacheLookups[0];
        var partial = EntryFor(compile) with { Outputs = new Dictionary<string, Digest>() };
        var answered = d.Run.ApplyCacheAnswers([new CacheAnswer(compile.JobId, partial)], d.Now);
        Assert.Equal([compile.JobId], RunDriver.Ids(answered));
        Assert.Equal(ActionStatus.Queued, d.Action("Build", "compile").Status);
    }

    [Fact]
    public void No_cache_looks_nothing_up_but_still_records()
    {
        var d = new RunDriver(cache: true);
        d.Run.NoCache = true;
        d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)));
        var admitted = d.Run.StageAdmitted(1, d.Now);
        Assert.Empty(admitted.CacheLookups);
        Assert.Equal(2, admitted.Enqueue.Count);
        Assert.NotNull(d.Run.FindAttempt(RunDriver.JobId("Build", "compile"))!.CacheKey);
        var compiled = d.Succeed(d.Lease(RunDriver.JobId("Build", "compile")));
        Assert.Equal(d.Run.FindAttempt(RunDriver.JobId("Build", "compile"))!.CacheKey, Assert.Single(compiled.CacheRecords).Key);
    }

    [Fact]
    public void Labels_travel_on_the_ticket_and_a_pool_label_picks_the_queue()
    {
        var d = new RunDriver("""
            name: app
            stages:
              - name: Build
                actions:
                  - {name: a, category: Build, provider: Commands, commands: [make], labels: {os: linux, arch: x64}}
                  - {name: b, category: Build, provider: Commands, commands: [make], labels: {pool: gpu}}
                  - {name: c, category: Build, provider: Commands, commands: [make]}
            """);
        var tickets = d.BeginAndAdmit().Enqueue;
        Assert.Equal([("default", "arch=x64,os=linux"), ("gpu", "pool=gpu"), ("default", "")],
            tickets.Select(t => (t.Pool, t.Labels is null ? "" : AgentLabels.Describe(t.Labels))));
    }
}
