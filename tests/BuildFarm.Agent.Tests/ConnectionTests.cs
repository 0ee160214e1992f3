using BuildFarm.Agent.Connection;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Tests.Support;
using Grpc.Core;

namespace BuildFarm.Agent.Tests;

public sealed class ConnectionTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.ResourceExhausted, true)]
    [InlineData(StatusCode.Internal, true)]
    [InlineData(StatusCode.Aborted, true)]
    [InlineData(StatusCode.Unknown, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    [InlineData(StatusCode.FailedPrecondition, false)]
    [InlineData(StatusCode.NotFound, false)]
    [InlineData(StatusCode.PermissionDenied, false)]
    [InlineData(StatusCode.Unauthenticated, false)]
    public void Only_transient_statuses_are_retried(StatusCode code, bool transient) =>
        Assert.Equal(transient, RetryPolicies.IsTransient(new RpcException(new Status(code, "x"))));

    [Fact]
    public void Unknown_from_the_transport_is_transient() =>
        Assert.True(RetryPolicies.IsTransient(new RpcException(new Status(StatusCode.Unknown, "x", new IOException("reset")))));

    [Fact]
    public void The_identity_survives_a_restart_and_is_private()
    {
        var file = new IdentityFile(dir.Path);
        var identity = new AgentIdentity
        {
            AgentId = "agent-7",
            Credential = "secret",
            HeartbeatInterval = TimeSpan.FromSeconds(5),
            LeaseTtl = TimeSpan.FromSeconds(30),
            Name = "builder",
            Slots = 2,
            Labels = new() { ["os"] = "linux" },
        };

        file.Save(identity);
        var loaded = new IdentityFile(dir.Path).Load();

        Assert.NotNull(loaded);
        Assert.Equal((identity.AgentId, identity.Credential, identity.HeartbeatInterval), (loaded.AgentId, loaded.Credential, loaded.HeartbeatInterval));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        var options = new AgentOptions { Servers = [], Token = "t", WorkDirectory = dir.Path, Name = "builder", Slots = 2, Labels = new Dictionary<string, string> { ["os"] = "linux" } };
        Assert.True(loaded.RegisteredAs(options));
        Assert.False(loaded.RegisteredAs(new AgentOptions { Servers = [], Token = "t", WorkDirectory = dir.Path, Name = "builder", Slots = 3, Labels = options.Labels }));
    }

    [Fact]
    public void An_unreadable_identity_file_means_registering_again()
    {
        File.WriteAllText(Path.Combine(dir.Path, "agent.json"), "{ not json");

        Assert.Null(new IdentityFile(dir.Path).Load());
    }

    [Fact]
    public void A_second_agent_on_the_same_work_directory_is_refused()
    {
        using var first = WorkDirectoryLock.Acquire(dir.Path);

        var error = Assert.Throws<AgentException>(() => WorkDirectoryLock.Acquire(dir.Path));

        Assert.Contains(dir.Path, error.Message);
    }
}
