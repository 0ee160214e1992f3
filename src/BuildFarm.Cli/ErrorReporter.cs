using BuildFarm.Cli.Commands;
using BuildFarm.Cli.Rendering;
using Google.Rpc;
using Grpc.Core;

namespace BuildFarm.Cli;

/// <summary>The one place failures become messages and exit codes.</summary>
public static class ErrorReporter
{
    public const int Failure = 1;
    public const int Interrupted = 130;

    public static int Report(Exception exception, CliContext context)
    {
        var terminal = context.Terminal;
        switch (exception)
        {
            case CliException e:
                Error(terminal, e.Message);
                return Failure;
            case OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled }:
                terminal.ErrorMarkup("[grey]interrupted[/]");
                return Interrupted;
            case RpcException { StatusCode: StatusCode.Unavailable } e:
                Error(terminal, $"cannot reach the farm server at {Display(context.ConnectedTo)} ({Cause(e)})");
                terminal.ErrorMarkup("[grey]is it running? Start a local farm with 'farm up', or point at one with --server URL (or FARM_SERVER)[/]");
                return Failure;
            case RpcException e:
                Error(terminal, $"{e.StatusCode}: {e.Status.Detail}");
                foreach (var problem in Problems(e))
                    terminal.ErrorMarkup($"  {Terminal.Escape(problem.ToString())}");
                if (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                    terminal.ErrorMarkup("[grey]check the token: --token TOKEN or FARM_TOKEN (a local farm's admin token is in DATA/tokens/admin.token)[/]");
                return Failure;
            default:
                Error(terminal, $"unexpected {exception.GetType().Name}: {exception.Message}");
                terminal.ErrorMarkup($"[grey]{Terminal.Escape(exception.ToString())}[/]");
                return Failure;
        }
    }

    /// <summary>The problems the server listed with a refusal (google.rpc.BadRequest field violations in the status details).</summary>
    public static IReadOnlyList<Core.Definitions.Problem> Problems(RpcException exception)
    {
        try
        {
            return exception.GetRpcStatus()?.GetDetail<BadRequest>() is { } badRequest
                ? badRequest.FieldViolations.Select(v => new Core.Definitions.Problem(v.Field, v.Description)).ToList()
                : [];
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return [];
        }
    }

    public static string Display(Uri? address) => address?.GetLeftPart(UriPartial.Authority) ?? "(no address)";

    /// <summary>The status detail, plus the underlying cause when the client made the status up (connection refused, DNS).</summary>
    private static string Cause(RpcException e) =>
        e.Status.DebugException?.GetBaseException().Message is { Length: > 0 } cause && cause != e.Status.Detail
            ? $"{e.Status.Detail} {cause}"
            : e.Status.Detail;

    private static void Error(Terminal terminal, string message) =>
        terminal.ErrorMarkup($"[red]error:[/] {Terminal.Escape(message)}");
}
