namespace Serverless.Llm.Caching.Semantic;

/// <summary>An entry whose vector came within the threshold, before the guards looked at it.</summary>
public sealed record SemanticCandidate(SemanticEntry Entry, float[] Vector, float Similarity);
