using System.Text;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Api.V1;

namespace BuildFarm.Agent.Tests;

/// <summary>A real agent against a fake Agents server: how a job's log and result reach the farm.</summary>
public sealed class AgentProtocolTests : IAsyncLifetime
{
    private readonly TempDirectory dir = new();
    private readonly CancellationTokenSource stop = new();
    private FakeAgentsServer server = null!;
    private Task agent = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        server = await FakeAgentsServer.StartAsync();
        // Logs ship only when 64 KiB wait or the job ends, so what each call carries does not depend on timing.
        agent = new FarmAgent(new AgentOptions
        {
            Servers = [server.Address],
            Token = "reg",
            Name = "probe",
            WorkDirectory = dir.Combine("work"),
            AcquireWait = TimeSpan.FromSeconds(5),
            LogInterval = TimeSpan.FromHours(1),
            Output = TextWriter.Null,
        }).RunAsync(stop.Token);
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await agent;
        await server.DisposeAsync();
        stop.Dispose();
        dir.Dispose();
    }

    private static Job Commands(string jobId, params string[] commands)
    {
        var job = new Job
        {
            Lease = new Lease { ExecutionId = "ex-1", JobId = jobId, LeaseId = "lease-" + jobId },
            Pipeline = "app", Stage = "Build", Action = "make", Attempt = 1, Category = "Build", Provider = "Commands",
        };
        job.Commands.AddRange(commands);
        return job;
    }

    private Task<CompleteRequest> RunAsync(Job job) => server.Agents.Hand(job).WaitAsync(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task A_short_jobs_whole_log_goes_out_with_its_result_in_one_call()
    {
        var complete = await RunAsync(Commands("ex-1/Build/make/1", "echo hello"));

        Assert.True(complete.Result.Succeeded, complete.Result.Message);
        Assert.Equal([complete], server.Agents.Calls.ToArray());
        Assert.Equal(0, complete.LogOffset);
        var log = complete.LogData.ToStringUtf8();
        Assert.StartsWith("[farm] agent probe running Build/make attempt 1\n", log);
        Assert.Contains("hello\n", log);
        Assert.EndsWith("[farm] succeeded\n", log);
        Assert.Equal(log, Encoding.UTF8.GetString(server.Agents.LogOf("ex-1/Build/make/1")));
    }

    [Fact]
    public async Task A_result_brings_its_slots_next_job_which_the_agent_runs_without_asking_again()
    {
        // One slot: the first job is taken by Acquire, the second waits until the first one's result frees the slot.
        var first = server.Agents.Hand(Commands("ex-1/Build/make/1", "echo one"));
        var second = server.Agents.Hand(Commands("ex-1/Build/make/2", "echo two"));

        var firstResult = await first.WaitAsync(TimeSpan.FromSeconds(60));
        var secondResult = await second.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, firstResult.NextJobs);
        Assert.Equal(["ex-1/Build/make/2"], server.Agents.HandedWithResults.ToArray());
        Assert.True(secondResult.Result.Succeeded, secondResult.Result.Message);
        Assert.Contains("two\n", Encoding.UTF8.GetString(server.Agents.LogOf("ex-1/Build/make/2")));
    }

    [Fact]
    public async Task A_long_log_arrives_whole_and_in_order_its_last_chunk_with_the_result()
    {
        var complete = await RunAsync(Commands("ex-1/Build/make/1", "seq 1 40000"));

        Assert.True(complete.Result.Succeeded, complete.Result.Message);
        var appends = server.Agents.Calls.OfType<AppendLogRequest>().ToList();
        Assert.NotEmpty(appends);
        Assert.Same(complete, server.Agents.Calls.Last());
        long offset = 0;
        foreach (var append in appends)
        {
            Assert.Equal(offset, append.Offset);
            Assert.False(append.Data.IsEmpty);
            offset += append.Data.Length;
        }
        Assert.Equal(offset, complete.LogOffset);
        Assert.False(complete.LogData.IsEmpty);
        var lines = Encoding.UTF8.GetString(server.Agents.LogOf("ex-1/Build/make/1")).Split('\n');
        Assert.Equal(Enumerable.Range(1, 40000).Select(i => i.ToString()), lines[1..40001]);
        Assert.Equal("[farm] succeeded", lines[40001]);
    }

    [Fact]
    public async Task A_server_that_cannot_append_the_end_of_the_log_gets_the_result_again_without_it()
    {
        server.Agents.RefuseLogEnds = 1;

        var complete = await RunAsync(Commands("ex-1/Build/make/1", "echo hello"));

        var calls = server.Agents.Calls.OfType<CompleteRequest>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.False(calls[0].LogData.IsEmpty);
        Assert.Same(complete, calls[1]);
        Assert.True(complete.LogData.IsEmpty);
        Assert.True(complete.Result.Succeeded, complete.Result.Message);
        Assert.Equal(calls[0].Result, complete.Result);
    }
}
