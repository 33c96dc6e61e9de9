namespace Serverless.Llm.Caching.Exact;

public sealed class ExactCacheOptions
{
    public const string Section = "Llm:ExactCache";

    public bool Enabled { get; set; } = true;

    /// <summary>How long an answer is kept. A new prompt version or model never reuses one anyway (they are in the key).</summary>
    public TimeSpan EntryLifetime { get; set; } = TimeSpan.FromDays(7);
}
