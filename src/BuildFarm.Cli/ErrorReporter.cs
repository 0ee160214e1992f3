using BuildFarm.Api.V1;
using BuildFarm.Cli.Commands;
using BuildFarm.Cli.Rendering;
using Grpc.Core;

namespace BuildFarm.Cli;

/// <summary>The one place failures become messages and exit codes.</summary>
public static class ErrorReporter
{
    /// <summary>
    /// The trailer in which the server lists a refused declaration's problems: a serialized
    /// <see cref="ValidatePipelineResponse"/> (binary trailers end in -bin).
    /// </summary>
    public const string ProblemsTrailer = "problems-bin";

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

    public static IReadOnlyList<Core.Definitions.Problem> Problems(RpcException exception)
    {
        var entry = exception.Trailers.Get(ProblemsTrailer);
        if (entry is not { IsBinary: true }) return [];
        try
        {
            return ValidatePipelineResponse.Parser.ParseFrom(entry.ValueBytes).Problems.Select(p => new Core.Definitions.Problem(p.Path, p.Message)).ToList();
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
