using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Observability;
using Serverless.Api.Platform.Caching;
using Serverless.Api.Platform.Cors;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Configuration;
using Serverless.Core.Jobs;

namespace Serverless.Api.Platform;

/// <summary>
/// Closed registrations of the framework's generic services the API resolves while it starts: the options
/// services (<see cref="IOptions{TOptions}"/>, <see cref="IOptionsMonitor{TOptions}"/>, their factory and cache)
/// of the framework's options types, and <see cref="ILogger{TCategoryName}"/> of the services built before the
/// first answer. The framework registers these as open generics, which the container closes with
/// <c>MakeGenericType</c>; in a Native AOT image each closed type is then built at run time by the type loader,
/// about 15 ms of a cold start's CPU (docs/lambda.md, "Where the start-up time goes"), the same cost
/// <see cref="ClosedOptionsExtensions.AddClosedOptions{TOptions}"/> took out for our own options types. Here the
/// compiler sees the closed types and compiles them. The services are the framework's own types with the same
/// lifetimes, built from the same registrations (configure, post-configure, validate, change tokens), so
/// nothing changes but who closes the generic; every registration is a TryAdd, so one made before (a test's)
/// stays. Types internal to the framework (its routing and rate-limiting middleware's loggers, the web host's
/// options) cannot be named here and are still closed at run time. The list comes from the container's own
/// trace of a start (the Microsoft-Extensions-DependencyInjection event source, CallSiteBuilt): what it
/// closes while the API starts and answers its first request.
/// </summary>
public static class ClosedFrameworkServices
{
    public static WebApplicationBuilder AddClosedFrameworkServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Hosting, logging and metrics.
        Options<HostOptions>(services);
        Options<ConsoleLifetimeOptions>(services);
        Options<LoggerFactoryOptions>(services);
        Options<LoggerFilterOptions>(services);
        Options<ConsoleLoggerOptions>(services);
        Options<ConsoleFormatterOptions>(services);
        Options<JsonConsoleFormatterOptions>(services);
        Options<SimpleConsoleFormatterOptions>(services);
        Options<MetricsOptions>(services);
        // The request pipeline: host filtering, routing, JSON, problems, errors, authentication, authorization,
        // rate limiting, forms, validation, OpenAPI, the memory cache, data protection.
        Options<HostFilteringOptions>(services);
        Options<RouteOptions>(services);
        Options<RouteHandlerOptions>(services);
        Options<Microsoft.AspNetCore.Http.Json.JsonOptions>(services);
        Options<ProblemDetailsOptions>(services);
        Options<ExceptionHandlerOptions>(services);
        Options<AuthenticationOptions>(services);
        Options<AuthorizationOptions>(services);
        Options<RateLimiterOptions>(services);
        Options<FormOptions>(services);
        Options<ValidationOptions>(services);
        Options<OpenApiOptions>(services);
        Options<MemoryCacheOptions>(services);
        Options<KeyManagementOptions>(services);

        // Loggers of what is built before the first answer (and of the hosted services started after it).
        Logger<ApplicationLifetime>(services);
        Logger<AuthorizationMiddleware>(services);
        Logger<HostFilteringMiddleware>(services);
        Logger<ApiKeyUseRecorder>(services);
        Logger<ProblemExceptionHandler>(services);
        Logger<RequestIdMiddleware>(services);
        Logger<TenantScopeMiddleware>(services);
        Logger<CacheInvalidationBus>(services);
        Logger<ReplicatedInvalidations>(services);
        Logger<ReplicatedInvalidationsService>(services);
        Logger<ResilientRedis>(services);
        Logger<TenantCorsOrigins>(services);
        Logger<ReplicaLagMonitor>(services);
        Logger<OutboxRelayService>(services);
        return builder;
    }

    private static void Options<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services)
        where TOptions : class => services.AddClosedOptions<TOptions>();

    // As the framework's open registration: a singleton Logger<T> over the logger factory.
    private static void Logger<T>(IServiceCollection services) =>
        services.TryAddSingleton<ILogger<T>>(sp => new Logger<T>(sp.GetRequiredService<ILoggerFactory>()));
}
