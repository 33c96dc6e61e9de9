using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Serverless.Lambda.Metrics;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

public static class LambdaHostingExtensions
{
    /// <summary>
    /// Serves API Gateway events from the Lambda Runtime API when <c>AWS_LAMBDA_RUNTIME_API</c> is set, and
    /// writes metrics as CloudWatch EMF. Anywhere else it does nothing, so Kestrel serves as before.
    /// </summary>
    public static TBuilder UseLambdaWhenPresent<TBuilder>(this TBuilder builder, Action<LambdaHostingOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = LambdaHostingOptions.FromConfiguration(builder.Configuration);
        configure?.Invoke(options);
        if (options.RuntimeApi is null)
        {
            // Not running in Lambda: leave Kestrel as the web server.
            return builder;
        }

        var startup = new LambdaStartupState();
        if (options.ReportStartupFailures)
        {
            new InitErrorReporter(options.RuntimeApi, startup).Attach();
        }

        var services = builder.Services;
        StartupTrace.Follow(services);
        services.AddSingleton(options);
        services.AddSingleton(startup);
        services.AddEmfMetrics(builder.Configuration);
        services.RemoveAll<IServer>();
        services.AddSingleton<IServer, LambdaServer>();
        return builder;
    }
}
