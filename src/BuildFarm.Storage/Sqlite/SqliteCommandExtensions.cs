using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace BuildFarm.Storage.Sqlite;

internal static class SqliteCommandExtensions
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static SqliteCommand Command(this SqliteTransaction transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = transaction.Connection!.Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    public static int Execute(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static int Execute(this SqliteTransaction transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        RunPrepared(transaction, sql, parameters, command => command.ExecuteNonQuery());

    public static object? Scalar(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteScalar();
    }

    public static object? Scalar(this SqliteTransaction transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        RunPrepared(transaction, sql, parameters, command => command.ExecuteScalar());

    /// <summary>
    /// Runs <paramref name="sql"/> through a command prepared once and kept with the transaction's connection: the
    /// writer runs the same few statements for every write, and preparing them anew each time showed among the
    /// server's hottest frames. A connection is used by one thread at a time, and closing it finalizes its commands'
    /// statements; the parameters are let go after each run (a snapshot's bytes are not kept until the next).
    /// </summary>
    private static T RunPrepared<T>(SqliteTransaction transaction, string sql, ReadOnlySpan<(string Name, object? Value)> parameters,
        Func<SqliteCommand, T> run)
    {
        var connection = transaction.Connection!;
        var commands = PreparedCommands.GetValue(connection, _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        try
        {
            return run(command);
        }
        finally
        {
            command.Parameters.Clear();
            command.Transaction = null;
        }
    }

    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> PreparedCommands = new();
}
