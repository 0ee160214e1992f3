using System.Text;
using BuildFarm.Api.V1;
using Google.Protobuf;
using Grpc.Core;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>The agent protocol against a real server, spoken by the test as an agent: a result that carries its log's end.</summary>
public sealed class AgentProtocolTests
{
    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    private static async Task<(Execution Execution, List<Job> Jobs, Metadata Agent)> StartAsync(LocalFarm farm, int actions, int? acquire = null,
        ExecutionMode mode = ExecutionMode.Unspecified)
    {
        var wanted = acquire ?? actions;
        var pipeline = new PipelineDeclaration { Name = "probe", ExecutionMode = mode };
        var stage = new StageDeclaration { Name = "Build" };
        for (var i = 1; i <= actions; i++)
        {
            var action = new ActionDeclaration { Name = $"A{i}", Category = "Build", Provider = "Commands", RunOrder = 1, Cache = false };
            action.Commands.Add("true");
            stage.Actions.Add(action);
        }
        pipeline.Stages.Add(stage);
        await farm.PipelinesClient.ApplyPipelineAsync(new ApplyPipelineRequest { Declaration = pipeline }, farm.Auth);
        var registered = await farm.AgentsClient.RegisterAsync(new RegisterRequest { Name = "probe", Slots = actions }, Bearer(farm.RegistrationToken));
        var agent = Bearer(registered.Credential);
        var started = await farm.ExecutionsClient.StartExecutionAsync(new StartExecutionRequest { Pipeline = "probe" }, farm.Auth);
        var jobs = new List<Job>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (jobs.Count < wanted && DateTime.UtcNow < deadline)
            jobs.AddRange((await farm.AgentsClient.AcquireAsync(new AcquireRequest { FreeSlots = wanted - jobs.Count, Wait = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) }, agent)).Jobs);
        Assert.Equal(wanted, jobs.Count);
        return (await farm.GetExecutionAsync(started.ExecutionId), jobs.OrderBy(j => j.Action).ToList(), agent);
    }

    private static async Task<string> LogAsync(LocalFarm farm, string executionId, string action)
    {
        using var call = new Logs.LogsClient(farm.Channel).ReadLog(new ReadLogRequest { ExecutionId = executionId, Stage = "Build", Action = action }, farm.Auth);
        var log = new List<byte>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) log.AddRange(chunk.Data);
        return Encoding.UTF8.GetString([.. log]);
    }

    private static CompleteRequest Succeeded(Job job, long logOffset = 0, string logData = "", int nextJobs = 0) => new()
    {
        NextJobs = nextJobs,
        Lease = job.Lease,
        Result = new JobResult { Succeeded = true, ExitCode = 0 },
        LogOffset = logOffset,
        LogData = ByteString.CopyFromUtf8(logData),
    };

    [Fact]
    public async Task A_result_carrying_its_logs_end_is_accepted_after_the_log_and_a_refused_one_appends_nothing()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 0);
        var (execution, jobs, agent) = await StartAsync(farm, actions: 1);
        var job = jobs.Single();
        await farm.AgentsClient.AppendLogAsync(new AppendLogRequest { Lease = job.Lease, Offset = 0, Data = ByteString.CopyFromUtf8("first\n") }, agent);

        // Overlaps what was appended (as a retry would): the bytes already there are skipped.
        await farm.AgentsClient.CompleteAsync(Succeeded(job, 0, "first\nlast\n"), agent);
        var again = await Assert.ThrowsAsync<RpcException>(() => farm.AgentsClient.CompleteAsync(Succeeded(job, 11, "again\n"), agent).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal("first\nlast\n", await LogAsync(farm, execution.ExecutionId, "A1"));
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(execution.ExecutionId)).Status);
    }

    [Fact]
    public async Task A_result_whose_logs_end_starts_past_the_streamed_bytes_is_taken_and_read_at_its_own_offset()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 0);
        var (execution, jobs, agent) = await StartAsync(farm, actions: 1);
        var job = jobs.Single();
        await farm.AgentsClient.AppendLogAsync(new AppendLogRequest { Lease = job.Lease, Offset = 0, Data = ByteString.CopyFromUtf8("streamed\n") }, agent);

        // Bytes 9..99 never arrived (an agent gave up on an append): the end is kept where it says it starts.
        await farm.AgentsClient.CompleteAsync(Succeeded(job, 100, "the end\n"), agent);

        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(execution.ExecutionId)).Status);
        using var call = new Logs.LogsClient(farm.Channel).ReadLog(new ReadLogRequest { ExecutionId = execution.ExecutionId, Stage = "Build", Action = "A1" }, farm.Auth);
        var chunks = new List<(long Offset, string Text)>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) chunks.Add((chunk.Offset, chunk.Data.ToStringUtf8()));
        Assert.Equal([(0L, "streamed\n"), (100L, "the end\n")], chunks);
        // A reader that starts inside the end gets the rest of it.
        using var late = new Logs.LogsClient(farm.Channel).ReadLog(new ReadLogRequest { ExecutionId = execution.ExecutionId, Stage = "Build", Action = "A1", Offset = 104 }, farm.Auth);
        var rest = new List<(long Offset, string Text)>();
        await foreach (var chunk in late.ResponseStream.ReadAllAsync()) rest.Add((chunk.Offset, chunk.Data.ToStringUtf8()));
        Assert.Equal([(104L, "end\n")], rest);
    }

    [Fact]
    public async Task A_result_answers_the_next_waiting_jobs_leased_to_its_agent_and_none_when_the_queue_is_empty()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 0);
        var (execution, jobs, agent) = await StartAsync(farm, actions: 3, acquire: 1);

        var first = await farm.AgentsClient.CompleteAsync(Succeeded(jobs[0], nextJobs: 5), agent);

        Assert.Equal(2, first.Jobs.Count);
        Assert.Equal(["A2", "A3"], first.Jobs.Select(j => j.Action).Order());
        var actions = (await farm.GetExecutionAsync(execution.ExecutionId)).Stages.Single().Actions;
        Assert.All(actions.Where(a => a.Name != "A1"), a => Assert.Equal("InProgress", a.Status));
        var second = await farm.AgentsClient.CompleteAsync(Succeeded(first.Jobs[0], nextJobs: 1), agent);
        Assert.Empty(second.Jobs);
        Assert.Empty((await farm.AgentsClient.CompleteAsync(Succeeded(first.Jobs[1]), agent)).Jobs);
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(execution.ExecutionId)).Status);
    }

    [Fact]
    public async Task A_refused_result_takes_no_next_job_and_the_job_stays_queued_for_the_next_ask()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 0);
        var (execution, jobs, agent) = await StartAsync(farm, actions: 2, acquire: 1);
        await farm.AgentsClient.CompleteAsync(Succeeded(jobs[0]), agent);

        // The same result again: its lease is no longer live, so the job it would have taken along is not leased.
        var refused = await Assert.ThrowsAsync<RpcException>(() => farm.AgentsClient.CompleteAsync(Succeeded(jobs[0], nextJobs: 1), agent).ResponseAsync);
        var next = await farm.AgentsClient.AcquireAsync(new AcquireRequest { FreeSlots = 1, Wait = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(10)) }, agent);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(jobs[0].Action == "A1" ? "A2" : "A1", next.Jobs.Single().Action);
        await farm.AgentsClient.CompleteAsync(Succeeded(next.Jobs.Single()), agent);
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(execution.ExecutionId)).Status);
    }

    [Fact]
    public async Task A_result_answers_a_waiting_job_of_another_execution()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 0);
        var (first, jobs, agent) = await StartAsync(farm, actions: 1, mode: ExecutionMode.Parallel);
        var other = await farm.ExecutionsClient.StartExecutionAsync(new StartExecutionRequest { Pipeline = "probe" }, farm.Auth);

        var answer = await CompleteWhenQueuedAsync(farm, Succeeded(jobs.Single(), nextJobs: 1), agent, other.ExecutionId);

        Assert.Equal(other.ExecutionId, answer.Jobs.Single().Lease.ExecutionId);
        await farm.AgentsClient.CompleteAsync(Succeeded(answer.Jobs.Single()), agent);
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(first.ExecutionId)).Status);
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(other.ExecutionId)).Status);
    }

    /// <summary>Completes once the other execution's job is queued (its start returns before its stage admits it).</summary>
    private static async Task<CompleteResponse> CompleteWhenQueuedAsync(LocalFarm farm, CompleteRequest request, Metadata agent, string executionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline
               && (await farm.GetExecutionAsync(executionId)).Stages.Single().Actions.Single().Attempts.Count == 0)
            await Task.Delay(20);
        return await farm.AgentsClient.CompleteAsync(request, agent);
    }

    [Fact]
    public async Task A_result_may_carry_at_most_one_log_chunk()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 0);
        var (execution, jobs, agent) = await StartAsync(farm, actions: 1);

        var tooLong = await Assert.ThrowsAsync<RpcException>(() =>
            farm.AgentsClient.CompleteAsync(Succeeded(jobs.Single(), 0, new string('x', 64 * 1024 + 1)), agent).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.Contains("log_data", tooLong.Status.Detail);
        Assert.Equal("InProgress", (await farm.GetExecutionAsync(execution.ExecutionId)).Stages.Single().Actions.Single().Status);
    }
}
