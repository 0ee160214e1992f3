namespace BuildFarm.Storage.Postgres;

/// <summary>
/// The database did not answer within the configured limit (or refused the connection). Its message names the
/// database, so that whoever sees the failure knows where to look.
/// </summary>
public sealed class DatabaseUnavailableException : Exception
{
    // Orleans creates exceptions that cross silos with a parameterless constructor, then sets their message.
    public DatabaseUnavailableException() : base("the database (PostgreSQL) is unavailable")
    {
    }

    public DatabaseUnavailableException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
