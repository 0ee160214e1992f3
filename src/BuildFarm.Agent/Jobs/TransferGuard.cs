using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Executions;
using Grpc.Core;

namespace BuildFarm.Agent.Jobs;

/// <summary>Turns a transfer's failure into the job's: ArtifactError for the store's side, WorkspaceError for local files.</summary>
internal static class TransferGuard
{
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> transfer)
    {
        try
        {
            return await transfer();
        }
        catch (ContentTransferException e)
        {
            throw new JobFailureException(ErrorKind.ArtifactError, $"{what}: {e.Message}");
        }
        catch (RpcException e)
        {
            throw new JobFailureException(ErrorKind.ArtifactError, $"{what}: the content store answered {e.StatusCode}: {e.Status.Detail}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JobFailureException(ErrorKind.WorkspaceError, $"{what}: {e.Message}");
        }
    }
}
