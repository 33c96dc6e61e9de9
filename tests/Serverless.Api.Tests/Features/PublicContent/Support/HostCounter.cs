using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Api.Tests.Features.PublicContent.Support;

/// <summary>
/// Sums one counter of one host (instruments created by that host's IMeterFactory), optionally only
/// the measurements whose tags match: other hosts in the same test process do not count.
/// </summary>
public sealed class HostCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _value;

    public HostCounter(ApiHost host, string instrument, string? tag = null, string? tagValue = null)
    {
        var scope = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Name == instrument && ReferenceEquals(i.Meter.Scope, scope))
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tag is null || Has(tags, tag, tagValue))
            {
                Interlocked.Add(ref _value, value);
            }
        });
        _listener.Start();
    }

    public long Value => Interlocked.Read(ref _value);

    public void Dispose() => _listener.Dispose();

    private static bool Has(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name, string? value)
    {
        foreach (var t in tags)
        {
            if (t.Key == name && (value is null || Equals(t.Value, value)))
            {
                return true;
            }
        }
        return false;
    }
}
