namespace Serverless.Lambda.ApiGateway;

/// <summary>An API Gateway event that cannot be read as a request: answered 400, as Kestrel answers a bad request line.</summary>
public sealed class MalformedEventException : Exception
{
    public MalformedEventException()
    {
    }

    public MalformedEventException(string message)
        : base(message)
    {
    }

    public MalformedEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MalformedEventException(PayloadFormat format, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Format = format;
    }

    /// <summary>The shape the answer takes, as far as the event told it.</summary>
    public PayloadFormat Format { get; }
}
