using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api.Platform;
using Serverless.Api.Platform.Caching;

namespace Serverless.Api.Tests.Platform;

/// <summary>
/// The framework's generic services the API resolves at start are registered closed (ClosedFrameworkServices), so
/// the native image compiles them instead of building them at every cold start; they must behave as the framework's
/// open registrations did: configuration, post-configuration, validation and log filters all still apply.
/// </summary>
public sealed class ClosedFrameworkServicesTests(ClosedOptionsRegistrationTests.Registrations api)
    : IClassFixture<ClosedOptionsRegistrationTests.Registrations>
{
    [Fact]
    public void The_api_registers_the_frameworks_start_up_services_closed()
    {
        Assert.Contains(api.Descriptors, d => d.ServiceType == typeof(IOptions<RouteOptions>));
        Assert.Contains(api.Descriptors, d => d.ServiceType == typeof(IOptionsMonitor<LoggerFilterOptions>));
        Assert.Contains(api.Descriptors, d => d.ServiceType == typeof(ILogger<ResilientRedis>));
    }

    [Fact]
    public void Closed_options_still_see_every_configure_post_configure_and_validation()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        builder.Services.PostConfigure<RouteOptions>(o => o.AppendTrailingSlash = true);
        builder.Services.AddOptions<FormOptions>().Validate(o => o.ValueCountLimit > 0, "must be positive");
        builder.Services.Configure<FormOptions>(o => o.ValueCountLimit = 0);
        builder.AddClosedFrameworkServices();
        using var app = builder.Build();

        var route = app.Services.GetRequiredService<IOptions<RouteOptions>>().Value;
        Assert.True(route.LowercaseUrls);
        Assert.True(route.AppendTrailingSlash);
        Assert.Same(route, app.Services.GetRequiredService<IOptions<RouteOptions>>().Value);
        var invalid = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<FormOptions>>().Value);
        Assert.Contains("must be positive", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_logger_writes_through_the_factory_with_the_configured_filters()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Serverless.Api.Platform.Caching"] = "Debug";
        builder.AddClosedFrameworkServices();
        using var app = builder.Build();

        var logger = app.Services.GetRequiredService<ILogger<ResilientRedis>>();
        var other = app.Services.GetRequiredService<ILogger<ClosedFrameworkServicesTests>>();

        Assert.IsType<Logger<ResilientRedis>>(logger);
        Assert.Same(logger, app.Services.GetRequiredService<ILogger<ResilientRedis>>());
        Assert.True(logger.IsEnabled(LogLevel.Debug));
        Assert.False(other.IsEnabled(LogLevel.Information));
        Assert.Contains(app.Services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>().CurrentValue.Rules,
            r => r.CategoryName == "Serverless.Api.Platform.Caching" && r.LogLevel == LogLevel.Debug);
    }
}
