using System.Text.Json.Serialization;

namespace Serverless.Lambda.Runtime;

/// <summary>The error document the Runtime API accepts on <c>/invocation/{id}/error</c> and <c>/init/error</c>.</summary>
public sealed record LambdaError(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static LambdaError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var errorType = exception is LambdaFunctionException typed ? typed.ErrorType : exception.GetType().Name;
        var lines = (exception.StackTrace ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LambdaError(errorType, exception.Message, lines);
    }
}
