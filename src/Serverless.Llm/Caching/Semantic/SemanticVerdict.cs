namespace Serverless.Llm.Caching.Semantic;

/// <summary>Whether a stored request's answer may be served for a new one, and if not, which check said no.</summary>
public readonly record struct SemanticVerdict(bool Serve, float Similarity, string? RejectedBy)
{
    public const string BelowThreshold = "threshold";
}
