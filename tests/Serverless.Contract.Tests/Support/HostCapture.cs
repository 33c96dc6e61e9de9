using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Hosting;

namespace Serverless.Contract.Tests.Support;

/// <summary>
/// Runs a host's real entry point (its Program.cs, unchanged) and stops it the moment the host is built,
/// before anything starts, handing back the built host: the trick EF Core's design-time tools use, through
/// the "HostBuilt" event every .NET host writes. Start-up validation can then run on exactly the service
/// registration the function would run.
/// </summary>
public static class HostCapture
{
    private static readonly Lock Gate = new();

    public static IHost Build(Assembly program, string[] args)
    {
        var entry = program.EntryPoint ?? throw new InvalidOperationException($"{program} has no entry point");
        lock (Gate)
        {
            var listener = new Listener();
            using var subscription = DiagnosticListener.AllListeners.Subscribe(listener);
            try
            {
                var result = entry.Invoke(null, [args]);
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                }
            }
            catch (Exception e) when (Unwrap(e) is Captured)
            {
            }
            return listener.Host ?? throw new InvalidOperationException($"{program.GetName().Name} returned without building a host");
        }
    }

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : e;

    private sealed class Captured : Exception;

    private sealed class Listener : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private readonly List<IDisposable> _subscriptions = [];

        public IHost? Host { get; private set; }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "HostBuilt" && Host is null)
            {
                Host = (IHost)value.Value!;
                throw new Captured();
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
