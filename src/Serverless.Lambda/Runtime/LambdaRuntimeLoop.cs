using Microsoft.Extensions.Logging;

namespace Serverless.Lambda.Runtime;

/// <summary>Takes invocations one at a time from the Runtime API, runs the handler and posts its outcome.</summary>
public sealed partial class LambdaRuntimeLoop(
    LambdaRuntimeApiClient client,
    ILambdaHandler handler,
    IEnumerable<IInvocationListener> listeners,
    LambdaStartupState startup,
    ILogger<LambdaRuntimeLoop> logger)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);
    private readonly IInvocationListener[] _listeners = [.. listeners];

    /// <summary>Runs until cancelled; an unreachable Runtime API ends the loop with an exception.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (startup.MarkInitialized())
                {
                    Hosting.StartupTrace.Mark("first /invocation/next");
                }

                var invocation = await client.GetNextInvocationAsync(cancellationToken);
                await InvokeAsync(invocation, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Host shutdown, not a failure.
                return;
            }
        }
    }

    /// <summary>One invocation, never throwing: a failed handler or a refused response is reported, not fatal.</summary>
    public async Task InvokeAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var context = invocation.Context;
        // The AWS SDK and OpenTelemetry's X-Ray propagator read the trace header from the environment.
        Environment.SetEnvironmentVariable(LambdaEnvironment.TraceId, context.TraceId);
        Notify(listener => listener.OnInvocationStarting(context));
        var span = Tracing.LambdaTracing.StartInvocation(context);

        ReadOnlyMemory<byte> payload = default;
        LambdaError? error = null;
        // The handler's token fires shortly before the deadline, so it can still answer (an SQS batch reports
        // what it did not finish); posting the answer is bound by the host's token only.
        using var outOfTime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        outOfTime.CancelAfter(context.TimeToStop < MaxDelay ? context.TimeToStop : MaxDelay);
        try
        {
            payload = await handler.HandleAsync(invocation, outOfTime.Token);
        }
        catch (Exception exception)
        {
            LogHandlerFailed(logger, exception, context.AwsRequestId);
            error = LambdaError.FromException(exception);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.GetType().Name);
            span?.AddException(exception);
        }

        // Ended before the listeners run, so a listener that flushes traces sends this span too.
        span?.Dispose();
        Notify(listener => listener.OnInvocationCompleted(context, error is null));
        Hosting.StartupTrace.Mark("invocation handled");

        try
        {
            if (error is null)
            {
                await PostResponseOrTooLargeAsync(context.AwsRequestId, payload, cancellationToken);
            }
            else
            {
                await client.PostInvocationErrorAsync(context.AwsRequestId, error, cancellationToken);
            }
        }
        catch (HttpRequestException exception)
        {
            LogPostFailed(logger, exception, context.AwsRequestId);
        }
        finally
        {
            startup.MarkInvocationAnswered();
        }
    }

    private async Task PostResponseOrTooLargeAsync(string requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            await client.PostResponseAsync(requestId, payload, cancellationToken);
        }
        catch (ResponseTooLargeException exception)
        {
            LogTooLarge(logger, requestId, payload.Length);
            await client.PostInvocationErrorAsync(requestId, new LambdaError("Function.ResponseSizeTooLarge", exception.Message, []), cancellationToken);
        }
    }

    private void Notify(Action<IInvocationListener> action)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                action(listener);
            }
            catch (Exception exception)
            {
                // A metrics hiccup must not fail the caller's request.
                LogListenerFailed(logger, exception, listener.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {RequestId} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not post the outcome of invocation {RequestId}")]
    private static partial void LogPostFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {RequestId}: the {Bytes}-byte response is over Lambda's limit; reported as an error")]
    private static partial void LogTooLarge(ILogger logger, string requestId, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invocation listener {Listener} failed")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener);
}
