using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace BuildFarm.Cli.Tests;

public sealed class ErrorReporterTests
{
    [Fact]
    public void A_refusal_prints_the_status_the_message_and_every_problem_in_its_details()
    {
        // As the server sends them: google.rpc.Status with BadRequest field violations (grpc-status-details-bin).
        var problems = new BadRequest();
        problems.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "stages[0].actions[1].provider", Description = "unknown provider 'Bash'" });
        problems.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "", Description = "the pipeline has no stages" });
        var status = new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = "the declaration has 2 problems", Details = { Any.Pack(problems) } };
        var terminal = new TestTerminal();

        var exitCode = ErrorReporter.Report(status.ToRpcException(), terminal.Context());

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

        ErrorReporter.Report(new RpcException(new Grpc.Core.Status(StatusCode.NotFound, "pipeline 'demo' does not exist")), terminal.Context());

        Assert.Equal("error: NotFound: pipeline 'demo' does not exist", terminal.Error.Trim());
    }

    [Fact]
    public void Interruption_exits_with_130()
    {
        var terminal = new TestTerminal();

        Assert.Equal(130, ErrorReporter.Report(new OperationCanceledException(), terminal.Context()));
    }
}
