namespace Serverless.Lambda.Runtime;

/// <summary>An invocation failure with a chosen error type (reported in <c>Lambda-Runtime-Function-Error-Type</c>).</summary>
public class LambdaFunctionException : Exception
{
    public LambdaFunctionException()
        : this("Function.Error", "The function failed.")
    {
    }

    public LambdaFunctionException(string message)
        : this("Function.Error", message)
    {
    }

    public LambdaFunctionException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "Function.Error";
    }

    public LambdaFunctionException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    public string ErrorType { get; }
}
