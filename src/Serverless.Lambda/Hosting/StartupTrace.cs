using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Serverless.Lambda.Hosting;

/// <summary>
/// With <c>LAMBDA_STARTUP_TRACE=1</c>, writes to stderr how long after process start each phase of start-up
/// ended (host builder created, registrations done, host built, hosted services and server started, first
/// <c>/invocation/next</c>), so a cold start can be taken apart without a profiler, Native AOT included.
/// Process-wide by nature (it starts before any container exists); off, it costs one environment read.
/// </summary>
public static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("LAMBDA_STARTUP_TRACE") == "1";
    private static readonly long Clock = Stopwatch.GetTimestamp();
    private static readonly double StartedMsBeforeClock = Enabled ? MillisecondsSinceProcessStart() : 0;
    private static IDisposable? _subscription;

    public static void Mark(string phase)
    {
        if (Enabled)
        {
            // The offset from process start is known to 10 ms (the kernel's clock ticks); the phases' distances are exact.
            var since = StartedMsBeforeClock + Stopwatch.GetElapsedTime(Clock).TotalMilliseconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"startup-trace {since:F1} ms {phase}"));
        }
    }

    // Process.StartTime adds the boot time, which Linux gives in whole seconds: up to a second off. Instead,
    // uptime now minus the process's start in ticks since boot (/proc/self/stat, field 22, 100 per second).
    private static double MillisecondsSinceProcessStart()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var startTicks = double.Parse(fields[19], CultureInfo.InvariantCulture);
            var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
            return (uptime - startTicks / 100) * 1000;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        }
    }

    /// <summary>Marks the host's own milestones from here on: registrations done, host built, started.</summary>
    internal static void Follow(IServiceCollection services)
    {
        if (!Enabled || _subscription is not null)
        {
            return;
        }

        Mark("host builder created");
        _subscription = DiagnosticListener.AllListeners.Subscribe(new HostingObserver());
        services.AddHostedService<StartedMarker>();
    }

    private sealed class HostingObserver : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                value.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value) =>
            Mark(value.Key switch
            {
                "HostBuilding" => "registrations done (Build called)",
                "HostBuilt" => "host built",
                _ => value.Key,
            });

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class StartedMarker(IHostApplicationLifetime lifetime) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken)
        {
            Mark("host starting (pipeline and endpoints configured)");
            lifetime.ApplicationStarted.Register(() => Mark("host started (hosted services and server)"));
            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
