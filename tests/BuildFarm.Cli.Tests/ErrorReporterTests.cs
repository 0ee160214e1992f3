using BuildFarm.Api.V1;
using Google.Protobuf;
using Grpc.Core;

namespace BuildFarm.Cli.Tests;

public sealed class ErrorReporterTests
{
    [Fact]
    public void A_refusal_prints_the_status_the_message_and_every_problem_from_the_trailers()
    {
        var problems = new ValidatePipelineResponse();
        problems.Problems.Add(new Problem { Path = "stages[0].actions[1].provider", Message = "unknown provider 'Bash'" });
        problems.Problems.Add(new Problem { Path = "", Message = "the pipeline has no stages" });
        var trailers = new Metadata { { ErrorReporter.ProblemsTrailer, problems.ToByteArray() } };
        var terminal = new TestTerminal();

        var exitCode = ErrorReporter.Report(
            new RpcException(new Status(StatusCode.InvalidArgument, "the declaration has 2 problems"), trailers), terminal.Context());

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [
                "error: InvalidArgument: the declaration has 2 problems",
                "  stages[0].actions[1].provider: unknown provider 'Bash'",
                "  the pipeline has no stages",
            ],
            terminal.Error.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void A_refusal_without_problems_prints_one_line()
    {
        var terminal = new TestTerminal();

        ErrorReporter.Report(new RpcException(new Status(StatusCode.NotFound, "pipeline 'demo' does not exist")), terminal.Context());

        Assert.Equal("error: NotFound: pipeline 'demo' does not exist", terminal.Error.Trim());
    }

    [Fact]
    public void Interruption_exits_with_130()
    {
        var terminal = new TestTerminal();

        Assert.Equal(130, ErrorReporter.Report(new OperationCanceledException(), terminal.Context()));
    }
}
