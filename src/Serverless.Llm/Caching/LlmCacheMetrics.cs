using System.Diagnostics.Metrics;

namespace Serverless.Llm.Caching;

/// <summary>Cache hits and the tokens they saved, by kind and task (never counted as spend).</summary>
public sealed class LlmCacheMetrics
{
    public const string MeterName = "Serverless.Llm";

    private readonly Counter<long> _lookups;
    private readonly Counter<long> _savedTokens;

    public LlmCacheMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _lookups = meter.CreateCounter<long>("llm.cache.lookups", description: "Cache lookups by kind, task and outcome (hit, miss, skipped, error)");
        _savedTokens = meter.CreateCounter<long>("llm.cache.saved_tokens", "{token}", "Provider tokens a cache hit did not spend");
    }

    public void Lookup(string kind, string task, string outcome) =>
        _lookups.Add(1, new("kind", kind), new("task", task), new("outcome", outcome));

    public void Hit(CacheHit hit, string task)
    {
        Lookup(hit.Kind, task, "hit");
        _savedTokens.Add(hit.SavedInputTokens, new("kind", hit.Kind), new("task", task), new("direction", "input"));
        _savedTokens.Add(hit.SavedOutputTokens, new("kind", hit.Kind), new("task", task), new("direction", "output"));
    }
}
