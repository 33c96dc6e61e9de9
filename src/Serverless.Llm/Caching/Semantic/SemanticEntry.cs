namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// A stored request (its text, for the guards; its vector, so a candidate is judged on its own vector even
/// if its slot was overwritten since the vectors were read) and the answer it got.
/// </summary>
public sealed record SemanticEntry(long Sequence, string Text, float[] Vector, CachedCompletion Completion);
