using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Lambda.Metrics;
using Serverless.Lambda.Runtime;
using Serverless.Lambda.Sqs;

namespace Serverless.Lambda.Hosting;

public static class LambdaFunctionExtensions
{
    /// <summary>
    /// Serves SQS batches from the Lambda Runtime API with <typeparamref name="THandler"/> per message, when
    /// <c>AWS_LAMBDA_RUNTIME_API</c> is set. The handler is registered either way, for local runs and tests.
    /// </summary>
    public static IHostApplicationBuilder UseSqsLambdaWhenPresent<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this IHostApplicationBuilder builder,
        Action<LambdaHostingOptions>? configure = null)
        where THandler : class, ISqsRecordHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ISqsRecordHandler, THandler>();
        return builder.UseLambdaFunctionWhenPresent<SqsLambdaHandler>(configure);
    }

    /// <summary>
    /// Serves any event from the Lambda Runtime API with <typeparamref name="THandler"/> (one invocation at a
    /// time), when <c>AWS_LAMBDA_RUNTIME_API</c> is set; a function that is neither HTTP nor SQS (an API
    /// Gateway authorizer) uses this. Anywhere else nothing is registered.
    /// </summary>
    public static IHostApplicationBuilder UseLambdaFunctionWhenPresent<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this IHostApplicationBuilder builder,
        Action<LambdaHostingOptions>? configure = null)
        where THandler : class, ILambdaHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = LambdaHostingOptions.FromConfiguration(builder.Configuration);
        configure?.Invoke(options);
        if (options.RuntimeApi is null)
        {
            return builder;
        }

        var startup = new LambdaStartupState();
        if (options.ReportStartupFailures)
        {
            new InitErrorReporter(options.RuntimeApi, startup).Attach();
        }
        StartupTrace.Follow(builder.Services);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(startup);
        builder.Services.AddEmfMetrics(builder.Configuration);
        builder.Services.AddSingleton<ILambdaHandler, THandler>();
        builder.Services.AddHostedService<LambdaFunctionHostedService>();
        return builder;
    }
}
