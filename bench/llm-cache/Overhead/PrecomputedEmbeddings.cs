using Microsoft.Extensions.AI;

/// <summary>Serves vectors computed beforehand by the real model: the embedding's cost is not measured.</summary>
internal sealed class PrecomputedEmbeddings(Dictionary<string, float[]> vectors, float[] otherwise) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            result.Add(new Embedding<float>(vectors.GetValueOrDefault(value, otherwise)));
        }
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
