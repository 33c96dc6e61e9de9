namespace Serverless.Llm.Caching.Semantic;

/// <summary>A stored request (its text, for the guards) and the answer it got.</summary>
public sealed record SemanticEntry(string Id, string Text, CachedCompletion Completion);
