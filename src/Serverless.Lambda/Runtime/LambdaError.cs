using System.Text.Json.Serialization;

namespace Serverless.Lambda.Runtime;

/// <summary>The error document the Runtime API accepts on <c>/invocation/{id}/error</c> and <c>/init/error</c>.</summary>
public sealed record LambdaError(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    /// <summary>
    /// Type and message only. The stack trace stays in the function's log (the loop logs the exception with the
    /// request id): the Runtime API passes the error document to whoever invoked the function, and frames
    /// say how the code is built without helping that caller.
    /// </summary>
    public static LambdaError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var errorType = exception is LambdaFunctionException typed ? typed.ErrorType : exception.GetType().Name;
        return new LambdaError(errorType, exception.Message, []);
    }
}
