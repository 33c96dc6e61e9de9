using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.Hosting;
using Serverless.Lambda.Metrics;
using Serverless.Lambda.Tests.Emulator;

namespace Serverless.Lambda.Tests.Support;

/// <summary>An ASP.NET Core app served in-process by the Lambda server, polling an emulator.</summary>
public sealed class LambdaTestHost : IAsyncDisposable
{
    private LambdaTestHost(RuntimeApiEmulator emulator, WebApplication app, RecordingEmfSink emf)
    {
        Emulator = emulator;
        App = app;
        Emf = emf;
    }

    public RuntimeApiEmulator Emulator { get; }

    public WebApplication App { get; }

    public RecordingEmfSink Emf { get; }

    public static async Task<LambdaTestHost> StartAsync(
        Action<WebApplicationBuilder> services, Action<WebApplication> pipeline, Action<LambdaHostingOptions>? lambda = null)
    {
        var emulator = await RuntimeApiEmulator.StartAsync();
        var emf = new RecordingEmfSink();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IEmfSink>(emf);
        builder.UseLambdaWhenPresent(o =>
        {
            o.RuntimeApi = emulator.Address;
            // Shares the test process: a crash elsewhere must not be reported as this app's start-up failure.
            o.ReportStartupFailures = false;
            lambda?.Invoke(o);
        });
        services(builder);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync();
        return new LambdaTestHost(emulator, app, emf);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
