using Microsoft.AspNetCore.Hosting.Server;
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
    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var request = ApiGatewayEventReader.Read(invocation.Payload.Span);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Past the deadline Lambda kills the process: let the request see it coming.
        aborted.CancelAfter(Clamp(invocation.Context.RemainingTime));
        using var response = new LambdaResponseFeature();
        var features = InvocationFeatures.Create(request, invocation.Context, response, authorizerIsUser, aborted.Token);

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

        var result = failure is null
            ? new GatewayResponse(response.StatusCode, response.Headers, response.BodyBytes.ToArray())
            : ProblemResponse.InternalServerError(request.RequestId ?? invocation.Context.AwsRequestId);
        var payload = writer.Write(request.Gateway.Format, result);

        try
        {
            await response.FireOnCompletedAsync();
        }
        finally
        {
            application.DisposeContext(context, failure);
        }

        return payload;
    }

    private static TimeSpan Clamp(TimeSpan remaining) =>
        remaining <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : remaining > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : remaining;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for API Gateway request {RequestId}; answered 500")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string? requestId);
}
