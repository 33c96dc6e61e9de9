namespace Serverless.Lambda.Runtime;

/// <summary>Hears the start and end of every invocation (metrics flushing, cold-start marking).</summary>
public interface IInvocationListener
{
    void OnInvocationStarting(LambdaInvocationContext context);

    /// <summary>Runs before the response is posted: after that Lambda may freeze the process.</summary>
    void OnInvocationCompleted(LambdaInvocationContext context, bool succeeded);
}
