namespace Serverless.Llm.Caching.Semantic;

/// <summary>Which tasks may share answers by meaning, and how close two requests must be.</summary>
public sealed class SemanticCacheOptions
{
    public const string Section = "Llm:SemanticCache";

    /// <summary>Chosen from bench/semantic-cache (docs/cost-control.md): one step (0.025) above the lowest threshold with no wrong hit on the dev split, with the word check at 0.40.</summary>
    public const float DefaultThreshold = 0.875f;

    /// <summary>How close a differing topic word must be to one of the other request's.</summary>
    public const float DefaultWordSimilarity = 0.4f;

    /// <summary>Tasks that declared semantic sharing safe, with their thresholds. A task not listed never gets a semantic hit.</summary>
    public Dictionary<string, float> Tasks { get; set; } = new(StringComparer.Ordinal);

    public float WordSimilarity { get; set; } = DefaultWordSimilarity;

    /// <summary>Entries kept per tenant, task, prompt version, model and locale (oldest dropped first).</summary>
    public int MaxEntriesPerPartition { get; set; } = 256;

    public TimeSpan EntryLifetime { get; set; } = TimeSpan.FromDays(7);

    public bool TryGetThreshold(string task, out float threshold) => Tasks.TryGetValue(task, out threshold);
}
