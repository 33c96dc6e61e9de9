using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Lambda.Hosting;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting;

/// <summary>
/// Background work nobody's first request waits for starts, on Lambda, once the first invocation has been
/// answered: the cold start neither builds it nor shares the CPU with it. It still runs, and stops with the host.
/// </summary>
public sealed class DeferredHostedServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task On_Lambda_the_service_is_built_and_started_only_after_the_first_invocation_was_answered()
    {
        var probe = new Probe();
        await using var host = await LambdaTestHost.StartAsync(
            b => b.Services.AddSingleton(probe).AddHostedServiceAfterFirstInvocation<RecordingService>(),
            app => app.MapGet("/built", (Probe p) => p.Built.Task.IsCompleted ? "built" : "not built"));

        var first = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/built"));
        await probe.Started.Task.WaitAsync(Patience);

        Assert.Equal("not built", GatewayEvents.Parse(first.Body).GetProperty("body").GetString());
        await host.App.StopAsync();
        await probe.Stopped.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Invocations_are_answered_while_a_deferred_service_is_still_starting()
    {
        var probe = new Probe();
        await using var host = await LambdaTestHost.StartAsync(
            b => b.Services.AddSingleton(probe).AddHostedServiceAfterFirstInvocation(sp => new SlowToStartService(sp.GetRequiredService<Probe>())),
            app => app.MapGet("/ok", () => "fine"));

        var first = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/ok"));
        await probe.Built.Task.WaitAsync(Patience);
        var second = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/ok"));
        probe.Release.TrySetResult();
        await probe.Started.Task.WaitAsync(Patience);

        Assert.Equal("fine", GatewayEvents.Parse(first.Body).GetProperty("body").GetString());
        Assert.Equal("fine", GatewayEvents.Parse(second.Body).GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_deferred_service_that_fails_to_start_stops_the_instance()
    {
        await using var host = await LambdaTestHost.StartAsync(
            b => b.Services.AddHostedServiceAfterFirstInvocation<FailingService>(),
            app => app.MapGet("/ok", () => "fine"));
        var stopping = new TaskCompletionSource();
        using var registration = host.App.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());

        var first = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/ok"));
        await stopping.Task.WaitAsync(Patience);

        Assert.Equal("fine", GatewayEvents.Parse(first.Body).GetProperty("body").GetString());
        Assert.Equal(1, Environment.ExitCode);
        Environment.ExitCode = 0;
    }

    [Fact]
    public async Task Outside_Lambda_it_is_an_ordinary_hosted_service_started_with_the_host()
    {
        Assert.Null(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API"));
        var probe = new Probe();
        var builder = Host.CreateApplicationBuilder();
        builder.UseLambdaWhenPresent();
        builder.Services.AddSingleton(probe).AddHostedServiceAfterFirstInvocation<RecordingService>();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.True(probe.Started.Task.IsCompleted);
        await host.StopAsync();
        Assert.True(probe.Stopped.Task.IsCompleted);
    }

    public sealed class Probe
    {
        public TaskCompletionSource Built { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class RecordingService : IHostedService
    {
        private readonly Probe _probe;

        public RecordingService(Probe probe)
        {
            _probe = probe;
            probe.Built.TrySetResult();
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _probe.Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            _probe.Stopped.TrySetResult();
            return Task.CompletedTask;
        }
    }

    private sealed class SlowToStartService : IHostedService
    {
        private readonly Probe _probe;

        public SlowToStartService(Probe probe)
        {
            _probe = probe;
            probe.Built.TrySetResult();
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await _probe.Release.Task.WaitAsync(cancellationToken);
            _probe.Started.TrySetResult();
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class FailingService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("cannot start");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
