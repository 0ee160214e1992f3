using System.Text;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.V1;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Tests.Support;

/// <summary>A job runner over a temp work folder and an in-memory content store; runs a job and answers its result and log.</summary>
internal sealed class JobHarness : IDisposable
{
    public TempDirectory Dir { get; } = new();
    public InMemoryContentStore Store { get; } = new();
    public JobRunner Runner { get; }

    public JobHarness()
    {
        var options = new AgentOptions
        {
            Servers = [new Uri("http://localhost:1")],
            Token = "t",
            Name = "test-agent",
            WorkDirectory = Dir.Combine("work"),
            CancelGracePeriod = TimeSpan.FromSeconds(2),
        };
        Runner = new JobRunner(options, Store, new BlobCache(Dir.Combine("work", "cache")));
    }

    public async Task<(JobResult Result, string Log)> RunAsync(Job job, CancellationToken cancellationToken = default)
    {
        var log = new MemoryStream();
        var chunker = new LogChunker((offset, data, _) =>
        {
            lock (log) log.Write(data.Span);
            return Task.CompletedTask;
        });
        JobResult result;
        try
        {
            result = await Runner.RunAsync(job, chunker, cancellationToken);
        }
        finally
        {
            await chunker.CompleteAsync();
        }
        lock (log) return (result, Encoding.UTF8.GetString(log.ToArray()));
    }

    public void Dispose() => Dir.Dispose();
}
