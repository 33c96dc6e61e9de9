using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.ApiGateway;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

/// <summary>
/// Runs one API Gateway event through the ASP.NET Core pipeline, as Kestrel runs one HTTP request:
/// a feature collection, <see cref="IHttpApplication{TContext}"/> (which opens the DI scope), then the response.
/// </summary>
internal sealed partial class HttpInvocationHandler<TContext>(
    IHttpApplication<TContext> application,
    ApiGatewayResponseWriter writer,
    bool authorizerIsUser,
    ILogger logger) : ILambdaHandler
    where TContext : notnull
{
    /// <param name="cancellationToken">Fires shortly before the invocation's deadline (the loop sees to it): the request's RequestAborted.</param>
    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        GatewayRequest request;
        try
        {
            request = ApiGatewayEventReader.Read(invocation.Payload.Span);
        }
        catch (MalformedEventException exception)
        {
            // The request's fault, inside the error boundary: an HTTP answer, not a failed invocation (a 502).
            LogMalformed(logger, exception, invocation.Context.AwsRequestId);
            return writer.Write(exception.Format, ProblemResponse.BadRequest(invocation.Context.AwsRequestId));
        }

        using var response = new LambdaResponseFeature();
        var features = InvocationFeatures.Create(request, invocation.Context, response, authorizerIsUser, cancellationToken);

        var context = application.CreateContext(features);
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context);
            await response.CompleteAsync();
        }
        catch (Exception exception)
        {
            failure = exception;
            LogUnhandled(logger, exception, request.RequestId);
        }

        var result = failure is not null
            ? ProblemResponse.InternalServerError(request.RequestId ?? invocation.Context.AwsRequestId)
            // A HEAD answer has the headers of a GET and no body, whatever the app wrote (Kestrel discards it too).
            : new GatewayResponse(response.StatusCode, response.Headers, HttpMethods.IsHead(request.Method) ? Array.Empty<byte>() : response.BodyBytes.ToArray());
        var payload = writer.Write(request.Gateway.Format, result);

        try
        {
            // The response is final: a failing completion callback is logged, never turned into a failed invocation.
            await response.FireOnCompletedAsync(exception => LogCompletionFailed(logger, exception, request.RequestId));
        }
        finally
        {
            application.DisposeContext(context, failure);
        }

        return payload;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for API Gateway request {RequestId}; answered 500")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string? requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invocation {RequestId} is not a readable API Gateway event; answered 400")]
    private static partial void LogMalformed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "An OnCompleted callback failed for API Gateway request {RequestId}; the response stands")]
    private static partial void LogCompletionFailed(ILogger logger, Exception exception, string? requestId);
}
