using Serverless.Llm.Caching.Semantic;

namespace Serverless.Llm.Tests.Support;

/// <summary>The real MiniLM model, loaded once for all tests that need it (it takes seconds).</summary>
public sealed class EmbeddingFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}
