using System.Collections.Concurrent;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>Shared by the Kestrel app and the Lambda app; views are keyed by the x-probe header.</summary>
public sealed class ViewRecorder
{
    private readonly ConcurrentDictionary<string, RequestView> _views = new();

    public void Record(string probe, RequestView view) => _views[probe] = view;

    public RequestView Take(string probe) =>
        _views.TryRemove(probe, out var view) ? view : throw new InvalidOperationException($"No request reached the endpoint for probe {probe}.");
}
