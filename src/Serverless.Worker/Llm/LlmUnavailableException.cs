namespace Serverless.Worker.Llm;

/// <summary>No provider in the chain answered: a transient condition, retried by the queue.</summary>
public sealed class LlmUnavailableException : Exception
{
    /// <summary>
    /// Set when every provider refused the call only because its circuit is open (nothing was sent): how long
    /// until the circuits let a call through again. Such a job is deferred, not counted as a failed attempt.
    /// </summary>
    public TimeSpan? CircuitOpenFor { get; init; }

    public LlmUnavailableException()
    {
    }

    public LlmUnavailableException(string message)
        : base(message)
    {
    }

    public LlmUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
