using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Serverless.Worker.Telemetry;

/// <summary>
/// Model calls as the worker makes them: count, latency, tokens, cost, cache hits by kind, and each
/// provider's circuit-breaker state. Labels are bounded (configured providers and models, fixed outcomes
/// and kinds); the tenant goes to the span and the log, never here.
/// </summary>
public sealed class LlmCallMetrics
{
    public const string MeterName = "Serverless.Llm.Calls";

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _cacheHits;
    private readonly ConcurrentDictionary<string, int> _breakers = new(StringComparer.Ordinal);

    public LlmCallMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("serverless.llm.calls", "{call}", "Model calls by provider, outcome (ok, error, refused) and cache (none, exact, semantic).");
        _duration = meter.CreateHistogram<double>("serverless.llm.call.duration", "s", "Time of one model call as the job saw it, cache and budget included.");
        _tokens = meter.CreateCounter<long>("serverless.llm.call.tokens", "{token}", "Tokens the providers reported (or we counted), by provider and direction (input, output).");
        _cost = meter.CreateCounter<double>("serverless.llm.cost.usd", "{USD}", "What the calls cost at the price table's list prices, by provider.");
        _cacheHits = meter.CreateCounter<long>("serverless.llm.cache.hits", "{call}", "Calls answered from a cache, by kind (exact, semantic).");
        meter.CreateObservableGauge("serverless.llm.breaker.state", ObserveBreakers, "{state}",
            "Each provider's circuit breaker: 0 closed, 1 half-open, 2 open.");
    }

    public void Call(string provider, string outcome, string cache, TimeSpan elapsed)
    {
        var tags = new TagList { { "provider", provider }, { "outcome", outcome }, { "cache", cache } };
        _calls.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
        if (cache != "none")
        {
            _cacheHits.Add(1, new TagList { { "kind", cache } });
        }
    }

    public void Usage(string provider, long input, long output, decimal costUsd)
    {
        _tokens.Add(input, new TagList { { "provider", provider }, { "direction", "input" } });
        _tokens.Add(output, new TagList { { "provider", provider }, { "direction", "output" } });
        _cost.Add((double)costUsd, new TagList { { "provider", provider } });
    }

    /// <summary>A provider's breaker changed: 0 closed, 1 half-open, 2 open.</summary>
    public void Breaker(string provider, int state) => _breakers[provider] = state;

    /// <summary>Makes a provider's breaker visible (closed) before its first change.</summary>
    public void KnowProvider(string provider) => _breakers.TryAdd(provider, 0);

    private IEnumerable<Measurement<int>> ObserveBreakers() =>
        _breakers.Select(b => new Measurement<int>(b.Value, new KeyValuePair<string, object?>("provider", b.Key)));
}
