using System.Net.Sockets;
using Npgsql;

namespace BuildFarm.Storage.Postgres;

/// <summary>Which database failures are worth retrying: the connection, not the statement.</summary>
public static class TransientDatabaseErrors
{
    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => IsTransientState(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException or TimeoutException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>
    /// 08: connection exceptions; 53: insufficient resources; 57P01-57P03: shutdown, crash or start-up of the server;
    /// 40001/40P01: serialization failure and deadlock (the transaction can simply run again).
    /// </summary>
    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
        || state is "57P01" or "57P02" or "57P03" or "40001" or "40P01";
}
